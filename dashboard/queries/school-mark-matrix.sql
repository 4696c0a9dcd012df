-- ВПР mark × previous-term journal mark counts of one school and year (all works).
SELECT vpr, journal, n
FROM mart_mark_matrix
WHERE school_code = $code AND school_year = $year
ORDER BY vpr, journal
