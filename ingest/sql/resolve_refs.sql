-- School references as written in a file → registry school_code (NULL when unknown); the same normalisation as staging.
SELECT r, registry_code(r) AS school_code
FROM unnest($refs) t(r);
