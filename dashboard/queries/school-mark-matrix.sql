-- cache: build
-- ВПР mark × previous-term journal mark counts of one school and year (all works).
SELECT mark AS vpr, journal_mark AS journal, count(*) AS n
FROM int_results
WHERE school_code = $code AND school_year = $year AND assessment = 'ВПР'
  AND mark BETWEEN 2 AND 5 AND journal_mark BETWEEN 2 AND 5
GROUP BY ALL
ORDER BY vpr, journal
