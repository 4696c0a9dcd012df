-- cache: build
-- ВПР primary-score distribution per work (subject × grade × КИМ × sitting) of one school and year, with the
-- municipality's share at each score.
WITH mine AS (
  SELECT DISTINCT subject, grade, kim_grade, session FROM int_results
  WHERE school_code = $code AND school_year = $year AND assessment = 'ВПР' AND primary_score IS NOT NULL
), m AS (
  SELECT r.subject, r.grade, r.kim_grade, r.session, r.primary_score AS score, count(*) AS total,
         count(*) FILTER (r.school_code = $code) AS n
  FROM int_results r SEMI JOIN mine USING (subject, grade, kim_grade, session)
  WHERE r.school_year = $year AND r.assessment = 'ВПР' AND r.primary_score IS NOT NULL
  GROUP BY ALL
)
SELECT subject, grade, kim_grade, session, score, n,
       total / sum(total) OVER (PARTITION BY subject, grade, kim_grade, session) AS municipal_share,
       n / nullif(sum(n) OVER (PARTITION BY subject, grade, kim_grade, session), 0) AS share
FROM m
ORDER BY subject, grade, session DESC, score
