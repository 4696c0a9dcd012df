-- ОГЭ/ЕГЭ per school × year: the mean of the first attempts (ОГЭ: mark, ЕГЭ: test score) against the mean of the
-- school's yearly means over the three previous years (the seeds' «к уровню прошлых лет»). A model of its own because
-- it reads other years: mart_school_indicators is recomputed by year and reads this one, recomputed whole.
WITH gia_year AS (
  SELECT school_code, school_year, assessment, avg(coalesce(test_score, mark)) AS v, count(*) AS n
  FROM int_results WHERE attempt = 1 AND ((assessment = 'ОГЭ' AND mark IS NOT NULL) OR (assessment = 'ЕГЭ' AND test_score IS NOT NULL))
  GROUP BY ALL
)
SELECT a.school_code, a.school_year, a.assessment, any_value(a.v) - avg(b.v) AS change, any_value(a.n) AS n
FROM gia_year a JOIN gia_year b ON b.school_code = a.school_code AND b.assessment = a.assessment
 AND sy_start(b.school_year) BETWEEN sy_start(a.school_year) - 3 AND sy_start(a.school_year) - 1
GROUP BY a.school_code, a.school_year, a.assessment
