-- Programme passports of one school.
SELECT school_code, programme_name, start_year, end_year, goal
FROM mart_programmes WHERE school_code = $code
ORDER BY start_year, programme_name
