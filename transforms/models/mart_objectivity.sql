-- ВПР mark (V) vs the journal mark (J) of the previous term, per school × year × subject × grade (§2b):
-- понизили V<J, подтвердили V=J, повысили V>J, NI = P↓ − P↑, G = mean(J − V), G2 = share with J − V ≥ 2,
-- quadratic-weighted κ in closed form: 1 − E[(J−V)²] / (Var J + Var V + (mean J − mean V)²).
-- F1/F3/F4 are absolute signals; F2 is relative (NI above P90 of the municipality's schools for the same work and year).
WITH pairs AS (
  SELECT school_code, school_year, subject, grade, mark AS v, journal_mark AS j
  FROM int_results WHERE assessment = 'ВПР' AND mark BETWEEN 2 AND 5 AND journal_mark BETWEEN 2 AND 5
), per_pupil AS (
  SELECT school_code, school_year, subject, grade,
         count(*) AS compared, count(*) FILTER (v < j) AS lowered, count(*) FILTER (v = j) AS confirmed, count(*) FILTER (v > j) AS raised,
         avg(j - v) AS mean_gap, count(*) FILTER (j - v >= 2) AS gap2,
         1 - avg((j - v) ^ 2) / nullif(var_pop(j) + var_pop(v) + (avg(j) - avg(v)) ^ 2, 0) AS kappa_w,
         'per-pupil' AS source
  FROM pairs GROUP BY ALL
), agg AS (
  SELECT a.school_code, a.school_year, a.subject, a.grade, round(a.compared)::BIGINT, round(a.lowered)::BIGINT, round(a.confirmed)::BIGINT,
         round(a.raised)::BIGINT, NULL::DOUBLE, NULL::BIGINT, NULL::DOUBLE, 'aggregate'
  FROM stg_aggregates a
  WHERE a.level = 'school' AND a.compared IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM per_pupil p WHERE p.school_code = a.school_code AND p.school_year = a.school_year AND p.subject = a.subject AND p.grade IS NOT DISTINCT FROM a.grade)
), base AS (
  SELECT *, lowered / compared AS p_lowered, confirmed / compared AS p_confirmed, raised / compared AS p_raised,
         (lowered - raised) / compared AS ni, gap2 / compared AS g2, compared < cfg('min_n') AS insufficient
  FROM (SELECT * FROM per_pupil UNION ALL SELECT * FROM agg) WHERE compared > 0
), ref AS (
  SELECT school_year, subject, grade, quantile_cont(ni, cfg('f2_ni_percentile')) AS ni_p90, median(ni) AS ni_median,
         sum(lowered) / sum(compared) AS ref_p_lowered, count(*) AS eligible_schools
  FROM base WHERE NOT insufficient GROUP BY ALL
)
SELECT b.school_code, b.school_year, b.subject, b.grade, b.compared::BIGINT AS compared, b.lowered::BIGINT AS lowered,
       b.confirmed::BIGINT AS confirmed, b.raised::BIGINT AS raised,
       b.p_lowered, b.p_confirmed, b.p_raised, wilson_lo(b.confirmed, b.compared) AS p_confirmed_lo, wilson_hi(b.confirmed, b.compared) AS p_confirmed_hi,
       b.ni, b.mean_gap, b.g2, b.kappa_w, r.ni_p90, r.ni_median, r.ref_p_lowered, r.eligible_schools, b.insufficient,
       NOT b.insufficient AND b.p_confirmed < cfg('f1_confirmed_max') AND b.ni >= cfg('f1_ni_min') AS f1,
       -- F2 also needs the school's «понизили» share to exceed the reference beyond its 95% interval.
       NOT b.insufficient AND r.eligible_schools >= 5 AND b.ni > r.ni_p90 AND wilson_lo(b.lowered, b.compared) > r.ref_p_lowered AS f2,
       NOT b.insufficient AND b.g2 >= cfg('f3_g2_min') AS f3,
       NOT b.insufficient AND b.p_raised - b.p_lowered >= cfg('f4_raise_min') AS f4,
       b.source
FROM base b LEFT JOIN ref r USING (school_year, subject, grade)
