-- A3 threshold bunching (§2a): for each mark cut c, k = scores in [c, c+1], m = scores in [c−2, c+1];
-- reference share q from the other schools of the same work; one-sided binomial P(X ≥ k | m, q);
-- Benjamini–Hochberg across all tests of the same assessment and year.
WITH cuts AS (
  SELECT 'ОГЭ' AS assessment, school_year, subject, NULL::INTEGER AS kim_grade, unnest([mark3_min, mark4_min, mark5_min]) AS cut FROM scale_oge
  UNION ALL
  SELECT 'ВПР', school_year, subject, kim_grade, unnest([mark3_min, mark4_min, mark5_min]) FROM scale_vpr
), scores AS (
  SELECT r.school_code, r.school_year, r.assessment, r.subject, r.grade, c.cut, r.primary_score AS s
  FROM int_results r
  JOIN cuts c ON c.assessment = r.assessment AND c.school_year = r.school_year AND c.subject = r.subject
             AND c.kim_grade IS NOT DISTINCT FROM (CASE WHEN r.assessment = 'ВПР' THEN r.kim_grade END)
  WHERE r.primary_score IS NOT NULL AND r.primary_score BETWEEN c.cut - 2 AND c.cut + 1
), per_school AS (
  SELECT school_code, school_year, assessment, subject, grade, cut,
         count(*) FILTER (s >= cut) AS k, count(*) AS m
  FROM scores GROUP BY ALL
), with_ref AS (
  SELECT p.*, (sum(k) OVER w - k) / nullif(sum(m) OVER w - m, 0) AS q
  FROM per_school p
  WINDOW w AS (PARTITION BY school_year, assessment, subject, grade, cut)
), tested AS (
  SELECT w.*, least(greatest(q, 1e-6), 1 - 1e-6) AS qc FROM with_ref w WHERE m >= cfg('bunching_min_m') AND q IS NOT NULL
), pvals AS (
  SELECT t.school_code, t.school_year, t.assessment, t.subject, t.grade, t.cut, t.k, t.m, t.q,
         least(1.0, sum(exp(lgamma(t.m + 1) - lgamma(j + 1) - lgamma(t.m - j + 1) + j * ln(t.qc) + (t.m - j) * ln(1 - t.qc)))) AS p_value
  FROM tested t, unnest(range(t.k::BIGINT, t.m::BIGINT + 1)) r(j) -- the upper tail j = k … m, generated per test
  GROUP BY ALL
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY school_year, assessment ORDER BY p_value, school_code, subject, grade, cut) AS bh_rank,
         count(*) OVER (PARTITION BY school_year, assessment) AS family_size
  FROM pvals
)
SELECT school_code, school_year, assessment, subject, grade, cut, k::BIGINT AS k, m::BIGINT AS m, q, k / m AS share_at_cut, p_value,
       least(1.0, min(p_value * family_size / bh_rank) OVER (PARTITION BY school_year, assessment ORDER BY bh_rank DESC
                                                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS q_value,
       family_size::BIGINT AS family_size
FROM ranked
