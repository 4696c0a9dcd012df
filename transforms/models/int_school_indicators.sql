-- Programme indicators per school × year (× subject × grade where the catalogue splits them): the computed ones
-- from the marts, with n = participants where the indicator has them, and the reported ones (the year's value:
-- the row without a term, else the latest term). Ids match config/indicators.json.
WITH gia AS (
  SELECT school_code, school_year, assessment, coalesce(pupil_key, participant_code) AS pupil,
         bool_or(NOT below_min) FILTER (subject = 'Русский язык') AS rus_ok,
         bool_or(NOT below_min) FILTER (subject LIKE 'Математика%') AS math_ok
  FROM int_results WHERE assessment IN ('ОГЭ', 'ЕГЭ') AND (subject = 'Русский язык' OR subject LIKE 'Математика%') AND below_min IS NOT NULL
  GROUP BY ALL
), computed AS (
  SELECT school_code, school_year, 'ior' AS indicator, NULL AS subject, NULL::INTEGER AS grade, ior AS actual, NULL::BIGINT AS n FROM mart_index
  UNION ALL
  -- «Успеваемость» and «качество знаний» as the passports mean them: shares of pupils over the year's marks in all subjects.
  SELECT school_code, school_year, 'ou', NULL, NULL, avg(passing::INTEGER), count(*) FROM int_journal_pupils WHERE period_kind = 'год' GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'ku', NULL, NULL, avg(good::INTEGER), count(*) FROM int_journal_pupils WHERE period_kind = 'год' GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'vpr_mean', subject, grade, avg(mark), count(mark) FROM int_results WHERE assessment = 'ВПР' GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject, grade))
  UNION ALL
  SELECT school_code, school_year, 'vpr_pass_share', subject, grade, avg((mark >= 3)::INTEGER), count(mark) FROM int_results WHERE assessment = 'ВПР' AND mark IS NOT NULL
  GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject, grade))
  UNION ALL
  SELECT school_code, school_year, 'vpr_confirmed', NULL, NULL, sum(confirmed) / sum(compared), sum(compared) FROM mart_objectivity GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'oge_mean', subject, NULL, avg(mark), count(mark) FROM int_results WHERE assessment = 'ОГЭ' AND attempt = 1 GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
  UNION ALL
  SELECT school_code, school_year, 'oge_below_min_share', subject, NULL, avg(below_min::INTEGER), count(below_min) FROM int_results WHERE assessment = 'ОГЭ' AND attempt = 1 AND below_min IS NOT NULL
  GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
  UNION ALL
  SELECT school_code, school_year, 'ege_mean', subject, NULL, avg(test_score), count(test_score) FROM int_results WHERE assessment = 'ЕГЭ' AND attempt = 1 AND test_score IS NOT NULL GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
  UNION ALL
  SELECT school_code, school_year, 'ege_below_min_share', subject, NULL, avg(below_min::INTEGER), count(below_min) FROM int_results WHERE assessment = 'ЕГЭ' AND attempt = 1 AND below_min IS NOT NULL
  GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
  UNION ALL
  -- Certificates estimated from ГИА: Russian and mathematics passed (best attempt, retakes included) among those who sat either.
  SELECT school_code, school_year, CASE assessment WHEN 'ОГЭ' THEN 'cert9_share' ELSE 'cert11_share' END, NULL, NULL,
         avg((coalesce(rus_ok, false) AND coalesce(math_ok, false))::INTEGER), count(*)
  FROM gia GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'at_risk_share', NULL, NULL,
         count(DISTINCT pupil_key) FILTER (mark = 2 OR mark_text = 'н/а') / count(DISTINCT pupil_key), count(DISTINCT pupil_key)
  FROM stg_journal_marks GROUP BY ALL
), reported AS (
  SELECT school_code, school_year, indicator, NULL AS subject, NULL::INTEGER AS grade,
         arg_max(value, coalesce(term, 1000)) AS actual, NULL::BIGINT AS n
  FROM stg_reported_values
  WHERE indicator NOT IN (SELECT id FROM cfg_indicators WHERE source = 'computed')
  GROUP BY ALL
)
SELECT *, 'computed' AS source FROM computed UNION ALL SELECT *, 'reported' FROM reported
