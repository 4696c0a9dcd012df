-- Yearly series of every school for the trend charts: ВПР and ОГЭ КУ (share of marks 4–5), the journal's КУ (share
-- of pupils with every annual mark 4 or 5), each with a Wilson 95 % interval; ЕГЭ mean test score of first attempts
-- with a normal-approximation interval; ИОР. `insufficient`: fewer than min_n participants.
WITH counts AS (
  SELECT school_code, school_year, assessment, sum(marked) AS n, sum(n4 + n5) AS k
  FROM mart_school_metrics
  WHERE area_level = 'school' AND assessment IN ('ВПР', 'ОГЭ')
  GROUP BY ALL
  UNION ALL
  SELECT school_code, school_year, 'журнал', pupils, good FROM mart_journal_quality WHERE period_kind = 'год' AND grade IS NULL
), shares AS (
  SELECT school_code, school_year, CASE assessment WHEN 'журнал' THEN 'journal_ku' WHEN 'ВПР' THEN 'vpr_ku' ELSE 'oge_ku' END AS metric,
         k / nullif(n, 0) AS value, wilson_lo(k, n) AS lo, wilson_hi(k, n) AS hi, n
  FROM counts
), ege AS (
  SELECT school_code, school_year, 'ege_score' AS metric, avg(test_score) AS value,
         avg(test_score) - cfg('ci_z') * coalesce(stddev_samp(test_score), 0) / sqrt(count(*)) AS lo,
         avg(test_score) + cfg('ci_z') * coalesce(stddev_samp(test_score), 0) / sqrt(count(*)) AS hi,
         count(*) AS n
  FROM int_results WHERE assessment = 'ЕГЭ' AND test_score IS NOT NULL AND attempt = 1
  GROUP BY ALL
), ior AS (
  SELECT school_code, school_year, 'ior' AS metric, ior AS value, NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, NULL::BIGINT AS n
  FROM mart_index
)
SELECT *, coalesce(n < cfg('min_n'), false) AS insufficient
FROM (SELECT * FROM shares UNION ALL SELECT * FROM ege UNION ALL SELECT * FROM ior)
