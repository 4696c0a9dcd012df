SELECT school_code, school_year, indicator, subject, grade, baseline, planned, actual, achieved, gap
FROM mart_targets ORDER BY school_code, school_year, indicator, subject, grade
