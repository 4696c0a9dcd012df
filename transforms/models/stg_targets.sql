SELECT coalesce(ids.school_code, t.school_ref) AS school_code, t.school_year, t.indicator, t.subject, t.grade, t.baseline, t.planned,
       t.baseline_year
FROM program_targets t
LEFT JOIN uploads src ON src.upload_id = t.upload_id
LEFT JOIN stg_school_refs ids ON ids.family = coalesce(ref_family(src.format), 'other') AND ids.id_value = norm_id(t.school_ref)
