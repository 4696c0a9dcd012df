-- A3 threshold bunching (§2a): for each mark cut c, k = scores in [c, c+1], m = scores in [c−2, c+1];
-- one-sided binomial P(X ≥ k | m, q); Benjamini–Hochberg across all tests of the same assessment and year.
-- The reference share q is the school's own counterfactual: the share the other schools of the same work would
-- have at this school's level (weighted least squares of k/m on the schools' mean primary score, the school itself
-- left out). A strong school's scores rise through a low cut, so a reference from all schools alike would call it
-- «bunched» for being strong. The other schools and the BH family are those of the school's reference area (bunching_area).
WITH areas AS (
  SELECT school_code, bunching_area AS ref_area FROM mart_school_areas
), cuts AS (
  SELECT 'ОГЭ' AS assessment, school_year, subject, NULL::INTEGER AS kim_grade, unnest([mark3_min, mark4_min, mark5_min]) AS cut FROM scale_oge
  UNION ALL
  SELECT 'ВПР', school_year, subject, kim_grade, unnest([mark3_min, mark4_min, mark5_min]) FROM scale_vpr
), scores AS (
  SELECT r.school_code, r.school_year, r.assessment, r.subject, r.grade, r.session, c.cut, r.primary_score AS s
  FROM int_results r
  -- A ВПР work's cuts are those of its КИМ's scale (autumn 2020: the 2019/20 scale, int_results.scale_year).
  JOIN cuts c ON c.assessment = r.assessment AND c.school_year = coalesce(r.scale_year, r.school_year) AND c.subject = r.subject
             AND c.kim_grade IS NOT DISTINCT FROM (CASE WHEN r.assessment = 'ВПР' THEN r.kim_grade END)
  -- First attempts only: retakers are pupils who fell just short of a cut, so their retakes would crowd it.
  WHERE r.primary_score IS NOT NULL AND r.primary_score BETWEEN c.cut - 2 AND c.cut + 1 AND r.attempt = 1
), level AS (
  -- The school's level in the work: its mean primary score over all its participants (first attempts).
  SELECT school_code, school_year, assessment, subject, grade, session, avg(primary_score) AS x
  FROM int_results WHERE primary_score IS NOT NULL AND assessment IN ('ОГЭ', 'ВПР') AND attempt = 1 GROUP BY ALL
), per_school AS (
  SELECT s.school_code, a.ref_area, s.school_year, s.assessment, s.subject, s.grade, s.session, s.cut,
         count(*) FILTER (s.s >= s.cut) AS k, count(*) AS m, any_value(l.x) AS x
  FROM scores s JOIN level l USING (school_code, school_year, assessment, subject, grade) LEFT JOIN areas a USING (school_code)
  WHERE l.session IS NOT DISTINCT FROM s.session GROUP BY ALL
), sums AS (
  -- Weighted sums over the work's schools (weight m, response k/m); each school then subtracts its own terms.
  SELECT p.*, sum(m) OVER w AS sw, sum(m * x) OVER w AS swx, sum(k) OVER w AS swy, sum(m * x * x) OVER w AS swxx, sum(k * x) OVER w AS swxy,
         count(*) OVER w AS schools
  FROM per_school p
  WINDOW w AS (PARTITION BY ref_area, school_year, assessment, subject, grade, session, cut)
), loo AS (
  SELECT *, sw - m AS w0, swx - m * x AS wx, swy - k AS wy, swxx - m * x * x AS wxx, swxy - k * x AS wxy FROM sums
), with_ref AS (
  SELECT school_code, ref_area, school_year, assessment, subject, grade, session, cut, k, m,
         CASE WHEN w0 <= 0 THEN NULL
              -- Too few others, or no spread of level among them: the plain share of the other schools.
              WHEN schools - 1 < cfg('bunching_level_min_schools') OR w0 * wxx - wx * wx <= 1e-9 * w0 * w0 THEN wy / w0
              ELSE wy / w0 + (w0 * wxy - wx * wy) / (w0 * wxx - wx * wx) * (x - wx / w0) END AS q
  FROM loo
), tested AS (
  SELECT w.*, least(greatest(q, 0.01), 0.99) AS qc FROM with_ref w WHERE m >= cfg('bunching_min_m') AND q IS NOT NULL
), pvals AS (
  SELECT t.school_code, t.ref_area, t.school_year, t.assessment, t.subject, t.grade, t.session, t.cut, t.k, t.m, t.q,
         least(1.0, sum(exp(lgamma(t.m + 1) - lgamma(j + 1) - lgamma(t.m - j + 1) + j * ln(t.qc) + (t.m - j) * ln(1 - t.qc)))) AS p_value
  FROM tested t, unnest(range(t.k::BIGINT, t.m::BIGINT + 1)) r(j) -- the upper tail j = k … m, generated per test
  GROUP BY ALL
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY ref_area, school_year, assessment ORDER BY p_value, school_code, subject, grade, session, cut) AS bh_rank,
         count(*) OVER (PARTITION BY ref_area, school_year, assessment) AS family_size
  FROM pvals
)
SELECT school_code, ref_area, school_year, assessment, subject, grade, session, cut, k::BIGINT AS k, m::BIGINT AS m, least(greatest(q, 0.01), 0.99) AS q, k / m AS share_at_cut, p_value,
       least(1.0, min(p_value * family_size / bh_rank) OVER (PARTITION BY ref_area, school_year, assessment ORDER BY bh_rank DESC
                                                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS q_value,
       family_size::BIGINT AS family_size
FROM ranked
