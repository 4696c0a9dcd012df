-- Programme targets: planned vs actual. Lower-is-better indicators: share of pupils at risk.
SELECT t.school_code, t.school_year, t.indicator, t.subject, t.grade, t.baseline, t.planned, a.actual,
       CASE WHEN a.actual IS NULL THEN NULL
            WHEN t.indicator = 'at_risk_share' THEN a.actual <= t.planned
            ELSE a.actual >= t.planned END AS achieved,
       a.actual - t.planned AS gap
FROM stg_targets t
LEFT JOIN int_school_indicators a ON a.school_code = t.school_code AND a.school_year = t.school_year AND a.indicator = t.indicator
  AND a.subject IS NOT DISTINCT FROM t.subject AND a.grade IS NOT DISTINCT FROM t.grade
