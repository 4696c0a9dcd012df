SELECT coalesce(t.school_code, t.school_ref) AS school_code, t.school_year, t.indicator, t.subject, t.grade, t.baseline, t.planned,
       t.baseline_year
FROM program_targets t
