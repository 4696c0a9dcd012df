-- cache: build
-- Timeline series per year for one school (ВПР, ОГЭ КУ, journal КУ per pupil, with Wilson 95% CI; ЕГЭ mean test score with a
-- normal-approximation CI; ИОР), each with the municipal median and interquartile range over schools with enough data.
WITH counts AS (
  SELECT school_code, school_year, assessment, sum(marked) AS n, sum(n4 + n5) AS k
  FROM mart_school_metrics
  WHERE level = 'school' AND assessment IN ('ВПР', 'ОГЭ')
  GROUP BY ALL
  UNION ALL
  -- The journal's КУ is a share of pupils (every annual mark 4 or 5), not of marks.
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
  FROM int_results WHERE assessment = 'ЕГЭ' AND test_score IS NOT NULL AND attempt = 1 -- first attempts, as in the marts
  GROUP BY ALL
), ior AS (
  SELECT school_code, school_year, 'ior' AS metric, ior AS value, NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, NULL::BIGINT AS n
  FROM mart_index
), series AS (
  SELECT * FROM shares UNION ALL SELECT * FROM ege UNION ALL SELECT * FROM ior
), ref AS (
  SELECT school_year, metric, median(value) AS median, quantile_cont(value, 0.25) AS q1, quantile_cont(value, 0.75) AS q3,
         count(*) AS schools
  FROM series WHERE value IS NOT NULL AND (n IS NULL OR n >= cfg('min_n'))
  GROUP BY ALL
)
SELECT r.metric, r.school_year, s.value, s.lo, s.hi, s.n,
       coalesce(s.n < cfg('min_n'), false) AS insufficient,
       r.median, r.q1, r.q3, r.schools
FROM ref r
LEFT JOIN series s ON s.school_year = r.school_year AND s.metric = r.metric AND s.school_code = $code
ORDER BY r.metric, r.school_year
