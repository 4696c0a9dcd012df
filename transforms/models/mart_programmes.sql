-- Programme passports: one row per school and programme, with the school's name from the registry.
SELECT p.school_code, coalesce(s.short_name, s.name, p.school_code) AS school_name, p.programme_name, p.start_year, p.end_year, p.goal
FROM stg_programmes p LEFT JOIN stg_schools s ON s.school_code = p.school_code
