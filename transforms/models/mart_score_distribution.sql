-- ВПР primary-score distribution of every school's works (subject × grade × КИМ × sitting × year): pupils at each
-- score in the school, and the municipality's share at that score among all pupils of the same work.
WITH scores AS (
  SELECT school_code, school_year, subject, grade, kim_grade, session, primary_score AS score, count(*) AS n
  FROM int_results
  WHERE assessment = 'ВПР' AND primary_score IS NOT NULL
  GROUP BY ALL
), works AS (
  SELECT DISTINCT school_code, school_year, subject, grade, kim_grade, session FROM scores
), municipal AS (
  SELECT school_year, subject, grade, kim_grade, session, score,
         sum(n) / sum(sum(n)) OVER (PARTITION BY school_year, subject, grade, kim_grade, session) AS municipal_share
  FROM scores GROUP BY school_year, subject, grade, kim_grade, session, score
)
SELECT school_code, school_year, subject, grade, kim_grade, session, score, coalesce(s.n, 0) AS n, m.municipal_share,
       coalesce(s.n, 0) / sum(coalesce(s.n, 0)) OVER (PARTITION BY school_code, school_year, subject, grade, kim_grade, session) AS share
FROM works w
JOIN municipal m USING (school_year, subject, grade, kim_grade, session)
LEFT JOIN scores s USING (school_code, school_year, subject, grade, kim_grade, session, score)
