-- Plan vs actual of every programme school over all years (the meeting export).
SELECT p.school_code, coalesce(s.short_name, s.name, p.school_code) AS school_name, p.indicator, p.caption, p.unit,
       p.direction, p.origin, p.subject, p.grade, p.school_year, p.baseline, p.baseline_year, p.planned,
       p.planned_explicit, p.actual, p.n, p.progress, p.status, p.status_reason, p.passport_baseline, p.measured_baseline,
       p.baseline_origin, p.baseline_differs, p.planned_passport, p.planned_adjusted, p.orientir_ior
FROM mart_programme_progress p LEFT JOIN schools s ON s.school_code = p.school_code
ORDER BY school_name, p.origin, p.caption, p.indicator, p.subject NULLS FIRST, p.grade NULLS FIRST, p.school_year
