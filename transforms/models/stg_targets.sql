SELECT coalesce(ids.school_code, t.school_ref) AS school_code, t.school_year, t.indicator, t.subject, t.grade, t.baseline, t.planned,
       t.baseline_year
FROM program_targets t
LEFT JOIN school_ids ids ON ids.id_value = norm_id(t.school_ref)
