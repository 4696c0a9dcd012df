-- cache: build
-- Schools under a programme with their passports.
SELECT p.school_code, coalesce(s.short_name, s.name, p.school_code) AS school_name, p.programme_name, p.start_year, p.end_year
FROM stg_programmes p LEFT JOIN schools s ON s.school_code = p.school_code
ORDER BY school_name, p.start_year
