-- A2 «inverted difficulty» (§2a [R]) for ВПР works with per-task scores, per school × work (year × subject × grade ×
-- sitting: autumn 2020 wrote another КИМ than spring 2021, so task positions are not comparable). Per task t: the
-- school's share of points and its logit; d_t = logit(school) − mean logit of the schools (a uniform difference in ability
-- moves every task alike on this scale, while on the % scale a strong school hits the ceiling on easy tasks and
-- looks «better on hard ones»), δ_t = 1 − municipality share (difficulty). β = slope of d on δ with its t-statistic;
-- easy/hard = mean difference in % points on the easiest/hardest third of tasks, gap = hard − easy.
-- A2 (Рособрнадзор's sign): easy tasks done WORSE than the municipality and hard ones BETTER, t ≥ a2_t_min,
-- gap ≥ a2_gap_min, N ≥ min_n and at least a2_min_tasks tasks. «The schools» are those of the reference area (tasks_area).
WITH unnested AS (
  SELECT p.school_code, p.school_year, p.subject, p.grade, p.session,
         generate_subscripts(p.task_scores, 1) AS i, unnest(p.task_scores) AS score, unnest(p.task_max) AS mx
  FROM int_pupil_results p
  WHERE p.assessment = 'ВПР' AND p.status = 'present' AND p.in_registry AND len(p.task_max) = len(p.task_scores)
), tasks AS (
  SELECT * FROM unnested WHERE mx > 0
), per_school AS (
  -- Summed per school before its reference area joins: one key column fewer over every pupil × task row.
  SELECT t.*, a.tasks_area AS ref_area
  FROM (SELECT school_code, school_year, subject, grade, session, i, sum(coalesce(score, 0)) AS pts, sum(mx) AS max_pts, count(*) AS n
        FROM tasks GROUP BY ALL) t
  LEFT JOIN mart_school_areas a USING (school_code)
), logits AS (
  -- The school's logit per task, half a point of continuity keeping it finite.
  SELECT *, ln((pts + 0.5) / (max_pts - pts + 0.5)) AS lg FROM per_school
), mun AS (
  -- The reference on the logit scale is the mean of the schools' logits (weighted by participants): the logit of the
  -- pooled share would be flatter than every school's own curve and tilt every school's slope the same way.
  SELECT ref_area, school_year, subject, grade, session, i, sum(pts) / sum(max_pts) AS mun_pct, sum(n * lg) / sum(n) AS mun_lg FROM logits GROUP BY ALL
), d AS (
  SELECT s.school_code, s.ref_area, s.school_year, s.subject, s.grade, s.session, s.i, s.n, s.pts / s.max_pts - m.mun_pct AS d_pct, s.lg - m.mun_lg AS d,
         1 - m.mun_pct AS delta,
         ntile(3) OVER (PARTITION BY s.school_code, s.school_year, s.subject, s.grade, s.session ORDER BY 1 - m.mun_pct, s.i) AS third
  FROM logits s JOIN mun m USING (ref_area, school_year, subject, grade, session, i)
), fit AS (
  SELECT school_code, ref_area, school_year, subject, grade, session, count(*) AS tasks, max(n) AS participants,
         regr_slope(d, delta) AS beta, regr_intercept(d, delta) AS alpha, regr_sxx(d, delta) AS sxx,
         avg(d_pct) FILTER (third = 1) AS easy, avg(d_pct) FILTER (third = 3) AS hard
  FROM d GROUP BY ALL
), resid AS (
  SELECT f.*, sum((d.d - (f.alpha + f.beta * d.delta)) ^ 2) AS sse
  FROM fit f JOIN d USING (school_code, school_year, subject, grade, session) GROUP BY ALL
)
SELECT school_code, ref_area, school_year, subject, grade, session, tasks, participants, beta, hard - easy AS gap, easy, hard,
       CASE WHEN tasks > 2 AND sxx > 0 AND sse > 0 THEN beta / sqrt(sse / (tasks - 2) / sxx) END AS t_stat,
       coalesce(participants >= cfg('min_n') AND tasks >= cfg('a2_min_tasks') AND beta / nullif(sqrt(sse / (tasks - 2) / sxx), 0) >= cfg('a2_t_min')
         AND hard - easy >= cfg('a2_gap_min') AND easy < 0 AND hard > 0, false) AS a2
FROM resid
