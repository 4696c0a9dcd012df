-- Per-pupil journal indicators per school × year × period (× grade; grade NULL = the whole school), as the seeds
-- and the district plan define them: «качество знаний» (КУ) = pupils with every mark 4 or 5 / pupils, «успеваемость»
-- (ОУ) = pupils without «2» and «н/а» / pupils, СОУ = mean of the pupils' mean Simonov weights; 95% Wilson intervals.
WITH counts AS (
  SELECT school_code, school_year, period_kind, period_no, grade, count(*) AS pupils,
         count(*) FILTER (good) AS good, count(*) FILTER (passing) AS passing, avg(sou) AS sou
  FROM int_journal_pupils
  GROUP BY GROUPING SETS ((school_code, school_year, period_kind, period_no), (school_code, school_year, period_kind, period_no, grade))
)
SELECT school_code, school_year, period_kind, period_no, grade, pupils::BIGINT AS pupils, good::BIGINT AS good, passing::BIGINT AS passing,
       good / pupils AS ku, wilson_lo(good, pupils) AS ku_lo, wilson_hi(good, pupils) AS ku_hi,
       passing / pupils AS ou, wilson_lo(passing, pupils) AS ou_lo, wilson_hi(passing, pupils) AS ou_hi,
       sou, pupils < cfg('min_n') AS insufficient
FROM counts
