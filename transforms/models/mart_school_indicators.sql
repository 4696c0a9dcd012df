-- Programme indicators per school × year (× subject × grade where the catalogue splits them): the computed ones
-- from the marts, with n = participants where the indicator has them, and the reported ones (the year's value:
-- the row without a term, else the latest term). Ids match config/indicators.json.
WITH vpr AS (
  -- ВПР of the year's (spring) sitting: autumn 2020 wrote the previous grade's КИМ and would count a pupil twice.
  SELECT * FROM int_results WHERE assessment = 'ВПР' AND session IS DISTINCT FROM 'осень'
), gia_pairs AS (
  -- ГИА mark (ОГЭ; ЕГЭ base mathematics) of the first attempt against the pupil's annual journal mark in the subject
  -- (mathematics against «Математика», else «Алгебра»), matched by the pseudonymous pupil key within the school.
  SELECT g.school_code, g.school_year, g.mark, j.mark AS journal_mark
  FROM int_results g JOIN stg_journal_marks j ON j.school_code = g.school_code AND j.school_year = g.school_year
   AND j.pupil_key = g.pupil_key AND j.period_kind = 'год' AND j.mark BETWEEN 2 AND 5
   AND (j.subject = g.subject OR (g.subject LIKE 'Математика%' AND j.subject IN ('Математика', 'Алгебра')))
  WHERE g.attempt = 1 AND g.mark BETWEEN 2 AND 5 AND (g.assessment = 'ОГЭ' OR g.subject = 'Математика (база)')
  QUALIFY row_number() OVER (PARTITION BY g.school_code, g.school_year, g.assessment, g.subject, g.pupil_key ORDER BY j.subject = 'Алгебра') = 1
), gia AS (
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
  SELECT school_code, school_year, 'vpr_mean', subject, grade, avg(mark), count(mark) FROM vpr GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject, grade))
  UNION ALL
  -- The seeds' grade bands: 4 кл. and 5–8 кл. (e.g. «не ниже 3,80 (4 кл.), 3,70 (5–8 кл.)»).
  SELECT school_code, school_year, CASE WHEN grade = 4 THEN 'vpr_mean_4' ELSE 'vpr_mean_5_8' END, NULL, NULL, avg(mark), count(mark)
  FROM vpr WHERE grade BETWEEN 4 AND 8 GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'vpr_pass_share', subject, grade, avg((mark >= 3)::INTEGER), count(mark) FROM vpr WHERE mark IS NOT NULL
  GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject, grade))
  UNION ALL
  -- «Обучающиеся с низкими промежуточными результатами, подтвердившие отметки»: a journal «2» or «3» before ВПР and the same ВПР mark.
  SELECT school_code, school_year, 'vpr_confirmed_low', NULL, NULL, avg((mark = journal_mark)::INTEGER), count(*)
  FROM vpr WHERE journal_mark IN (2, 3) AND mark BETWEEN 2 AND 5 GROUP BY ALL
  UNION ALL
  -- АКР as for ВПР: the mark against the journal mark written beside it in the export.
  SELECT school_code, school_year, 'akr_confirmed', NULL, NULL, avg((mark = journal_mark)::INTEGER), count(*)
  FROM int_results WHERE assessment = 'АКР' AND mark BETWEEN 2 AND 5 AND journal_mark BETWEEN 2 AND 5 GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'gia_confirmed', NULL, NULL, avg((mark = journal_mark)::INTEGER), count(*) FROM gia_pairs GROUP BY ALL
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
  -- «Динамика среднего балла ОГЭ/ЕГЭ в сравнении с предыдущими годами»: the year's mean minus the mean of the school's
  -- yearly means over the previous (up to three) years; NULL without a previous year.
  SELECT school_code, school_year, CASE assessment WHEN 'ОГЭ' THEN 'oge_mean_vs_prev' ELSE 'ege_mean_vs_prev' END, NULL, NULL, change, n
  FROM int_gia_change
  UNION ALL
  -- «Без повторной сдачи»: pupils who sat an ОГЭ/ЕГЭ subject again in the year (0 where ГИА was written without retakes).
  SELECT school_code, school_year, 'gia_retakes', NULL, NULL, count(DISTINCT pupil_key) FILTER (attempt > 1),
         count(DISTINCT coalesce(pupil_key, participant_code))
  FROM int_results WHERE assessment IN ('ОГЭ', 'ЕГЭ') GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'ege_below_min_share', subject, NULL, avg(below_min::INTEGER), count(below_min) FROM int_results WHERE assessment = 'ЕГЭ' AND attempt = 1 AND below_min IS NOT NULL
  GROUP BY GROUPING SETS ((school_code, school_year), (school_code, school_year, subject))
  UNION ALL
  -- Certificates estimated from ГИА: Russian and mathematics passed (best attempt, retakes included) among those who sat either.
  SELECT school_code, school_year, CASE assessment WHEN 'ОГЭ' THEN 'cert9_share' ELSE 'cert11_share' END, NULL, NULL,
         avg((coalesce(rus_ok, false) AND coalesce(math_ok, false))::INTEGER), count(*)
  FROM gia GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'at_risk_share', NULL, NULL, failing / pupils, pupils FROM int_failing_pupils
  UNION ALL
  SELECT school_code, school_year, 'failing_pupils', NULL, NULL, failing, pupils FROM int_failing_pupils
), reported AS (
  SELECT school_code, school_year, indicator, NULL AS subject, NULL::INTEGER AS grade,
         arg_max(value, coalesce(term, 1000)) AS actual, NULL::BIGINT AS n
  FROM stg_reported_values
  WHERE indicator NOT IN (SELECT id FROM cfg_indicators WHERE origin = 'computed')
  GROUP BY ALL
)
SELECT *, 'computed' AS origin FROM computed UNION ALL SELECT *, 'reported' FROM reported
