-- Programme targets: planned vs actual per target row (kept for the school page and the targets export;
-- the programme progress mart adds interpolated plans and statuses). Direction from the catalogue or the school's own indicator.
SELECT t.school_code, t.school_year, t.indicator, t.subject, t.grade, t.baseline, t.planned, a.actual,
       CASE WHEN a.actual IS NULL THEN NULL
            WHEN coalesce(c.direction, p.direction) = 'lower-better' THEN a.actual <= t.planned
            ELSE a.actual >= t.planned END AS achieved,
       a.actual - t.planned AS gap,
       coalesce(c.caption, p.caption, t.indicator) AS caption, coalesce(c.unit, p.unit) AS unit,
       coalesce(c.direction, p.direction) AS direction
FROM stg_targets t
LEFT JOIN mart_school_indicators a ON a.school_code = t.school_code AND a.school_year = t.school_year AND a.indicator = t.indicator
  AND a.subject IS NOT DISTINCT FROM t.subject AND a.grade IS NOT DISTINCT FROM t.grade
LEFT JOIN cfg_indicators c ON c.id = t.indicator
LEFT JOIN int_programme_indicators p ON p.school_code = t.school_code AND p.indicator = t.indicator
