-- ВПР mark × previous-term journal mark: pupils per pair, for each school and year (all works together).
SELECT school_code, school_year, mark AS vpr, journal_mark AS journal, count(*) AS n
FROM int_results
WHERE assessment = 'ВПР' AND mark BETWEEN 2 AND 5 AND journal_mark BETWEEN 2 AND 5
GROUP BY ALL
