-- ВПР primary-score distribution of every school's works (subject × grade × КИМ × sitting × year): pupils at each
-- score in the school, and the municipality's share at that score among all pupils of the same work.
WITH scores AS (
  SELECT school_code, school_year, subject, grade, kim_grade, session, primary_score AS score, count(*) AS n
  FROM int_results
  WHERE assessment = 'ВПР' AND primary_score IS NOT NULL
  GROUP BY ALL
), municipal AS (
  SELECT school_year, subject, grade, kim_grade, session, score, sum(n) AS total
  FROM scores GROUP BY ALL
), municipal_shares AS (
  SELECT *, total / sum(total) OVER (PARTITION BY school_year, subject, grade, kim_grade, session) AS municipal_share
  FROM municipal
)
SELECT s.school_code, s.school_year, s.subject, s.grade, s.kim_grade, s.session, m.score, coalesce(s2.n, 0) AS n,
       m.municipal_share,
       coalesce(s2.n, 0) / sum(coalesce(s2.n, 0)) OVER (PARTITION BY s.school_code, s.school_year, s.subject, s.grade, s.kim_grade, s.session) AS share
FROM (SELECT DISTINCT school_code, school_year, subject, grade, kim_grade, session FROM scores) s
JOIN municipal_shares m USING (school_year, subject, grade, kim_grade, session)
LEFT JOIN scores s2 ON s2.school_code = s.school_code AND s2.school_year = s.school_year AND s2.subject = s.subject
  AND s2.grade IS NOT DISTINCT FROM s.grade AND s2.kim_grade IS NOT DISTINCT FROM s.kim_grade
  AND s2.session IS NOT DISTINCT FROM s.session AND s2.score = m.score
