SELECT coalesce(ids.school_code, p.school_ref) AS school_code, p.name AS programme_name, p.start_year, p.end_year, p.goal, p.upload_id
FROM programmes p
LEFT JOIN uploads src ON src.upload_id = p.upload_id
LEFT JOIN stg_school_refs ids ON ids.family = coalesce(ref_family(src.format), 'other') AND ids.id_value = norm_id(p.school_ref)
