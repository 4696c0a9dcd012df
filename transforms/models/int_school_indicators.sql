-- The programme indicators of the seeds, measured per school × year (× subject × grade where the indicator has them).
SELECT school_code, school_year, 'ior' AS indicator, NULL AS subject, NULL::INTEGER AS grade, ior AS actual FROM mart_index
UNION ALL
SELECT school_code, school_year, 'ou', NULL, NULL, sum(n3 + n4 + n5) / sum(participants) FROM mart_school_metrics WHERE level = 'school' AND assessment = 'журнал' GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'ku', NULL, NULL, sum(n4 + n5) / sum(participants) FROM mart_school_metrics WHERE level = 'school' AND assessment = 'журнал' GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'vpr_mean', subject, grade, avg(mark) FROM int_results WHERE assessment = 'ВПР' GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject, grade))
UNION ALL
SELECT school_code, school_year, 'vpr_confirmed', NULL, NULL, sum(confirmed) / sum(compared) FROM mart_objectivity GROUP BY ALL
UNION ALL
SELECT school_code, school_year, 'oge_mean', subject, NULL, avg(mark) FROM int_results WHERE assessment = 'ОГЭ' GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
UNION ALL
SELECT school_code, school_year, 'ege_mean', subject, NULL, avg(test_score) FROM int_results WHERE assessment = 'ЕГЭ' AND test_score IS NOT NULL GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
UNION ALL
SELECT school_code, school_year, 'at_risk_share', NULL, NULL,
       count(DISTINCT pupil_key) FILTER (mark = 2 OR mark_text = 'н/а') / count(DISTINCT pupil_key)
FROM stg_journal_marks GROUP BY ALL
