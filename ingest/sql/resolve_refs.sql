-- School references as written in a file → registry school_code (NULL when unknown); the same normalisation as staging.
SELECT r, (SELECT i.school_code FROM school_ids i WHERE i.id_value = norm_id(r)) AS school_code
FROM unnest($refs) t(r);
