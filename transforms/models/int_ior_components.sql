-- ИОР components per school × year (§3 [R]); each kept only where n ≥ min_n.
-- ЕГЭ «ниже минимума»: Russian and profile mathematics below the minimum test score, base mathematics «2» (I5, §3).
-- ГИА components from first attempts only (int_results.attempt): a retake does not count twice.
-- ВПР of the year's (spring) sitting only: autumn 2020 wrote the previous grade's КИМ and would count a pupil twice.
WITH r AS (SELECT * FROM int_results WHERE attempt = 1 AND session IS DISTINCT FROM 'осень')
SELECT school_code, school_year, 'ВПР' AS block, 'vpr_ku' AS component, 1 AS direction, avg((mark >= 4)::INTEGER) AS value, count(*) AS n
FROM r WHERE assessment = 'ВПР' AND subject IN ('Русский язык', 'Математика') AND grade BETWEEN 4 AND 8 AND mark IS NOT NULL GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'ВПР', 'vpr_fail', -1, avg((mark = 2)::INTEGER), count(*)
FROM r WHERE assessment = 'ВПР' AND subject IN ('Русский язык', 'Математика') AND grade BETWEEN 4 AND 8 AND mark IS NOT NULL GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'ОГЭ', 'oge_pct', 1, avg(primary_pct), count(*)
FROM r WHERE assessment = 'ОГЭ' AND subject IN ('Русский язык', 'Математика') AND primary_pct IS NOT NULL GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'ОГЭ', 'oge_fail', -1, avg((mark = 2)::INTEGER), count(*)
FROM r WHERE assessment = 'ОГЭ' AND subject IN ('Русский язык', 'Математика') AND mark IS NOT NULL GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'ЕГЭ', 'ege_score', 1, avg(test_score), count(*)
FROM r WHERE assessment = 'ЕГЭ' AND subject IN ('Русский язык', 'Математика (профиль)') AND test_score IS NOT NULL GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'ЕГЭ', 'ege_fail', -1, avg(below_min::INTEGER), count(*)
FROM r WHERE assessment = 'ЕГЭ' AND subject IN ('Русский язык', 'Математика (профиль)', 'Математика (база)') AND below_min IS NOT NULL GROUP BY ALL
