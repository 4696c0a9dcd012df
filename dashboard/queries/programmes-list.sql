-- Schools under a programme with their passports.
SELECT school_code, school_name, programme_name, start_year, end_year
FROM mart_programmes
ORDER BY school_name, start_year
