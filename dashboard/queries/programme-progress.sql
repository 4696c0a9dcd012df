-- Plan vs actual of one school's programme indicators, one row per indicator × subject × grade × year.
SELECT indicator, caption, unit, direction, origin, subject, grade, school_year, baseline, baseline_year,
       planned, planned_explicit, actual, n, progress, status, status_reason, passport_baseline, measured_baseline, baseline_origin, baseline_differs, planned_passport,
       planned_adjusted, orientir_ior
FROM mart_programme_progress WHERE school_code = $code
ORDER BY origin, caption, indicator, subject NULLS FIRST, grade NULLS FIRST, school_year
