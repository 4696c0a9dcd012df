-- ВПР primary-score distribution of every school's works (subject × grade × КИМ × sitting × year): pupils at each
-- score in the school, and the municipality's share at that score among all pupils of the same work (the schools of the
-- school's reference area, school_page_area).
WITH counts AS (
  -- Counted per school before its reference area joins: one key column fewer over every result row.
  SELECT school_code, school_year, subject, grade, kim_grade, session, primary_score AS score, count(*) AS n
  FROM int_results WHERE assessment = 'ВПР' AND primary_score IS NOT NULL
  GROUP BY ALL
), scores AS (
  SELECT c.school_code, a.school_page_area AS ref_area, c.school_year, c.subject, c.grade, c.kim_grade, c.session, c.score, c.n
  FROM counts c LEFT JOIN mart_school_areas a USING (school_code)
), works AS (
  -- The school's pupils in the work, for the share (a window over every score row was 3 s of the build at 1000 ОО).
  SELECT school_code, ref_area, school_year, subject, grade, kim_grade, session, sum(n) AS pupils FROM scores GROUP BY ALL
), municipal AS (
  SELECT ref_area, school_year, subject, grade, kim_grade, session, score,
         sum(n) / sum(sum(n)) OVER (PARTITION BY ref_area, school_year, subject, grade, kim_grade, session) AS municipal_share
  FROM scores GROUP BY ref_area, school_year, subject, grade, kim_grade, session, score
)
SELECT school_code, ref_area, school_year, subject, grade, kim_grade, session, score, coalesce(s.n, 0) AS n, m.municipal_share,
       coalesce(s.n, 0) / w.pupils AS share
FROM works w
JOIN municipal m USING (ref_area, school_year, subject, grade, kim_grade, session)
LEFT JOIN scores s USING (school_code, ref_area, school_year, subject, grade, kim_grade, session, score)
