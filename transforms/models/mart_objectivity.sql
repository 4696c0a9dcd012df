-- ВПР mark (V) vs the journal mark (J) of the previous term, per school × year × subject × grade × sitting (§2b):
-- понизили V<J, подтвердили V=J, повысили V>J, NI = P↓ − P↑, G = mean(J − V), G2 = share with J − V ≥ 2,
-- quadratic-weighted κ in closed form: 1 − E[(J−V)²] / (Var J + Var V + (mean J − mean V)²).
-- F1/F3/F4 are absolute signals. F2 is relative and standardised (§2b, [R]): the share «понизили» a school would
-- have with its own mix of ВПР marks if its journal marked like the other schools of the same work (indirect
-- standardisation, leave-one-out), then adjusted for the school's level across the work's schools (a pupil's
-- ВПР mark is a noisy measure, so at equal V a stronger school's pupils are stronger and lowered more often);
-- excess = observed − expected with a binomial 95% interval, one-sided p, Benjamini–Hochberg across the year.
-- «The other schools», the level fit and the BH family are those of the school's reference area (objectivity_area).
WITH areas AS (
  SELECT school_code, objectivity_area AS ref_area FROM mart_school_areas
), pairs AS (
  SELECT r.school_code, a.ref_area, r.school_year, r.subject, r.grade, r.session, r.mark AS v, r.journal_mark AS j
  FROM int_results r LEFT JOIN areas a USING (school_code)
  WHERE r.assessment = 'ВПР' AND r.mark BETWEEN 2 AND 5 AND r.journal_mark BETWEEN 2 AND 5
), per_pupil AS (
  SELECT school_code, ref_area, school_year, subject, grade, session,
         count(*) AS compared, count(*) FILTER (v < j) AS lowered, count(*) FILTER (v = j) AS confirmed, count(*) FILTER (v > j) AS raised,
         avg(j - v) AS mean_gap, count(*) FILTER (j - v >= 2) AS gap2,
         1 - avg((j - v) ^ 2) / nullif(var_pop(j) + var_pop(v) + (avg(j) - avg(v)) ^ 2, 0) AS kappa_w,
         avg(v) AS mean_v, 'per-pupil' AS data_source
  FROM pairs GROUP BY ALL
), agg AS (
  -- Aggregate reports name no sitting: taken as spring.
  SELECT a.school_code, ar.ref_area, a.school_year, a.subject, a.grade, 'весна', round(a.compared)::BIGINT, round(a.lowered)::BIGINT, round(a.confirmed)::BIGINT,
         round(a.raised)::BIGINT, NULL::DOUBLE, NULL::BIGINT, NULL::DOUBLE, NULL::DOUBLE, 'aggregate'
  FROM int_aggregates a LEFT JOIN areas ar USING (school_code)
  WHERE a.area_level = 'school' AND a.in_registry AND a.compared IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM per_pupil p WHERE p.school_code = a.school_code AND p.school_year = a.school_year AND p.subject = a.subject AND p.grade IS NOT DISTINCT FROM a.grade)
), base AS (
  SELECT *, lowered / compared AS p_lowered, confirmed / compared AS p_confirmed, raised / compared AS p_raised,
         (lowered - raised) / compared AS ni, gap2 / compared AS g2, compared < cfg('min_n') AS insufficient
  FROM (SELECT * FROM per_pupil UNION ALL SELECT * FROM agg) WHERE compared > 0
), by_mark AS (
  -- Per school and ВПР mark: pupils and how many of them were lowered, beside the totals of the work at that mark.
  SELECT *, sum(n_v) OVER w AS all_n, sum(l_v) OVER w AS all_l
  FROM (SELECT school_code, ref_area, school_year, subject, grade, session, v, count(*) AS n_v, count(*) FILTER (v < j) AS l_v FROM pairs GROUP BY ALL)
  WINDOW w AS (PARTITION BY ref_area, school_year, subject, grade, session, v)
), mix AS (
  -- The reference rate at each mark leaves the school out (the school alone at a mark: the pooled rate).
  SELECT school_code, ref_area, school_year, subject, grade, session,
         sum(n_v * coalesce((all_l - l_v) / nullif(all_n - n_v, 0), all_l / all_n)) / sum(n_v) AS expected_mix,
         sum(n_v * r * (1 - r)) / sum(n_v) ^ 2 AS var_mix
  FROM (SELECT *, coalesce((all_l - l_v) / nullif(all_n - n_v, 0), all_l / all_n) AS r FROM by_mark) GROUP BY ALL
), level AS (
  SELECT b.school_code, b.ref_area, b.school_year, b.subject, b.grade, b.session, b.insufficient, b.mean_v, m.expected_mix, m.var_mix, b.p_lowered - m.expected_mix AS d
  FROM base b JOIN mix m USING (school_code, ref_area, school_year, subject, grade, session)
), fit AS (
  -- The level adjustment: (observed − expected_mix) regressed on the school's mean ВПР mark across the work's schools.
  SELECT ref_area, school_year, subject, grade, session, count(*) AS fit_schools, regr_slope(d, mean_v) AS slope, regr_intercept(d, mean_v) AS intercept
  FROM level WHERE NOT insufficient GROUP BY ALL
), expected AS (
  SELECT l.school_code, l.school_year, l.subject, l.grade, l.session, l.var_mix,
         l.expected_mix + CASE WHEN f.fit_schools >= cfg('f2_min_schools') THEN coalesce(f.intercept + f.slope * l.mean_v, 0) ELSE 0 END AS expected_lowered
  FROM level l LEFT JOIN fit f USING (ref_area, school_year, subject, grade, session)
), tested AS (
  SELECT b.*, e.expected_lowered, b.p_lowered - e.expected_lowered AS excess_lowered, sqrt(e.var_mix) AS excess_se,
         CASE WHEN e.var_mix > 0 THEN norm_sf((b.p_lowered - e.expected_lowered) / sqrt(e.var_mix)) END AS f2_p
  FROM base b LEFT JOIN expected e USING (school_code, school_year, subject, grade, session)
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY ref_area, school_year ORDER BY f2_p, school_code, subject, grade, session) AS bh_rank,
         count(*) OVER (PARTITION BY ref_area, school_year) AS family_size
  FROM tested WHERE f2_p IS NOT NULL AND NOT insufficient
), q AS (
  SELECT school_code, school_year, subject, grade, session, family_size,
         least(1.0, min(f2_p * family_size / bh_rank) OVER (PARTITION BY ref_area, school_year ORDER BY bh_rank DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS f2_q
  FROM ranked
), ref AS (
  SELECT ref_area, school_year, subject, grade, session, quantile_cont(ni, cfg('f2_ni_percentile')) AS ni_ref_pct, median(ni) AS ni_median,
         sum(lowered) / sum(compared) AS ref_p_lowered, count(*) AS eligible_schools
  FROM base WHERE NOT insufficient GROUP BY ALL
)
SELECT t.school_code, t.ref_area, t.school_year, t.subject, t.grade, t.session, t.compared::BIGINT AS compared, t.lowered::BIGINT AS lowered,
       t.confirmed::BIGINT AS confirmed, t.raised::BIGINT AS raised,
       t.p_lowered, t.p_confirmed, t.p_raised, wilson_lo(t.confirmed, t.compared) AS p_confirmed_lo, wilson_hi(t.confirmed, t.compared) AS p_confirmed_hi,
       t.ni, t.mean_gap, t.g2, t.kappa_w, r.ni_ref_pct, r.ni_median, r.ref_p_lowered, r.eligible_schools, t.insufficient,
       t.expected_lowered, t.excess_lowered, t.excess_lowered - cfg('ci_z') * t.excess_se AS excess_lo, t.excess_lowered + cfg('ci_z') * t.excess_se AS excess_hi,
       t.f2_p, q.f2_q, q.family_size::BIGINT AS f2_tests,
       NOT t.insufficient AND t.p_confirmed < cfg('f1_confirmed_max') AND t.ni >= cfg('f1_ni_min') AS f1,
       coalesce(NOT t.insufficient AND r.eligible_schools >= cfg('f2_min_schools') AND q.f2_q < cfg('f2_q') AND t.excess_lowered >= cfg('f2_excess_min'), false) AS f2,
       NOT t.insufficient AND t.g2 >= cfg('f3_g2_min') AS f3,
       NOT t.insufficient AND t.p_raised - t.p_lowered >= cfg('f4_raise_min') AS f4,
       t.data_source
FROM tested t LEFT JOIN ref r USING (ref_area, school_year, subject, grade, session) LEFT JOIN q USING (school_code, school_year, subject, grade, session)
