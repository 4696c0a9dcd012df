-- ИОР of every school over all years (sparklines).
SELECT school_code, school_year, ior FROM mart_index ORDER BY school_code, school_year
