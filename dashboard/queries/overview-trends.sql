-- ИОР of every school over all years (sparklines); $mo — one municipality (NULL: every school).
SELECT school_code, school_year, ior FROM mart_index
WHERE $mo::VARCHAR IS NULL OR school_code IN (SELECT school_code FROM schools WHERE municipality = $mo)
ORDER BY school_code, school_year
