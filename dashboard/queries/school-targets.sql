-- cache: build
-- Programme targets of one school: plan vs actual.
SELECT school_year, indicator, subject, grade, baseline, planned, actual, achieved, gap
FROM mart_targets
WHERE school_code = $code
ORDER BY school_year, indicator, subject NULLS FIRST, grade NULLS FIRST
