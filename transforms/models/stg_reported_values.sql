SELECT coalesce(ids.school_code, r.school_ref) AS school_code, r.school_year, r.term, r.indicator, r.value
FROM reported_values r
LEFT JOIN uploads src ON src.upload_id = r.upload_id
LEFT JOIN stg_school_refs ids ON ids.family = coalesce(ref_family(src.format), 'other') AND ids.id_value = norm_id(r.school_ref)
