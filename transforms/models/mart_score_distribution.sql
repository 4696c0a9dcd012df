-- ВПР primary-score distribution of every school's works (subject × grade × КИМ × sitting × year): pupils at each
-- score in the school, and the municipality's share at that score among all pupils of the same work (the schools of the
-- school's reference area, school_page_area).
WITH scores AS (
  SELECT r.school_code, a.school_page_area AS ref_area, r.school_year, r.subject, r.grade, r.kim_grade, r.session, r.primary_score AS score, count(*) AS n
  FROM int_results r LEFT JOIN mart_school_areas a USING (school_code)
  WHERE r.assessment = 'ВПР' AND r.primary_score IS NOT NULL
  GROUP BY ALL
), works AS (
  SELECT DISTINCT school_code, ref_area, school_year, subject, grade, kim_grade, session FROM scores
), municipal AS (
  SELECT ref_area, school_year, subject, grade, kim_grade, session, score,
         sum(n) / sum(sum(n)) OVER (PARTITION BY ref_area, school_year, subject, grade, kim_grade, session) AS municipal_share
  FROM scores GROUP BY ref_area, school_year, subject, grade, kim_grade, session, score
)
SELECT school_code, ref_area, school_year, subject, grade, kim_grade, session, score, coalesce(s.n, 0) AS n, m.municipal_share,
       coalesce(s.n, 0) / sum(coalesce(s.n, 0)) OVER (PARTITION BY school_code, school_year, subject, grade, kim_grade, session) AS share
FROM works w
JOIN municipal m USING (ref_area, school_year, subject, grade, kim_grade, session)
LEFT JOIN scores s USING (school_code, ref_area, school_year, subject, grade, kim_grade, session, score)
