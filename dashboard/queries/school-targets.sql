-- Programme targets of one school for its home page: plan vs actual per indicator × subject × grade × year, from the
-- baseline year to the programme's end (mart_programme_progress: the same plan, baseline and status as the «Программа» tab),
-- with the indicator's Russian caption, unit and direction from the catalogue (or the school's own indicator).
SELECT indicator, caption, unit, direction, origin, subject, grade, school_year, baseline, baseline_year,
       planned, planned_explicit, actual, n, status, status_reason
FROM mart_programme_progress
WHERE school_code = $code
ORDER BY origin, caption, indicator, subject NULLS FIRST, grade NULLS FIRST, school_year
