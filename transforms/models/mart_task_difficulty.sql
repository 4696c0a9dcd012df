-- A2 «inverted difficulty» (§2a [R]) for ВПР works with per-task scores: d_t = school % − municipality % per task,
-- δ_t = 1 − municipality %; slope β of d on δ with its t-statistic; gap = mean d on the hardest third of tasks −
-- mean d on the easiest third. A2 holds when t ≥ a2_t_min and gap ≥ a2_gap_min (the school does relatively better
-- on hard tasks than on easy ones — a pattern of help on hard tasks).
WITH unnested AS (
  SELECT school_code, school_year, subject, grade,
         generate_subscripts(task_scores, 1) AS i, unnest(task_scores) AS score, unnest(task_max) AS mx
  FROM stg_pupil_results
  WHERE assessment = 'ВПР' AND status = 'present' AND len(task_max) = len(task_scores)
), tasks AS (
  SELECT * FROM unnested WHERE mx > 0
), per_school AS (
  SELECT school_code, school_year, subject, grade, i, sum(coalesce(score, 0)) AS pts, sum(mx) AS max_pts, count(*) AS n
  FROM tasks GROUP BY ALL
), mun AS (
  SELECT school_year, subject, grade, i, sum(pts) / sum(max_pts) AS mun_pct FROM per_school GROUP BY ALL
), d AS (
  SELECT s.school_code, s.school_year, s.subject, s.grade, s.i, s.n, s.pts / s.max_pts - m.mun_pct AS d, 1 - m.mun_pct AS delta,
         ntile(3) OVER (PARTITION BY s.school_code, s.school_year, s.subject, s.grade ORDER BY 1 - m.mun_pct) AS third
  FROM per_school s JOIN mun m USING (school_year, subject, grade, i)
), fit AS (
  SELECT school_code, school_year, subject, grade, count(*) AS tasks, max(n) AS participants,
         regr_slope(d, delta) AS beta, regr_intercept(d, delta) AS alpha, regr_sxx(d, delta) AS sxx,
         avg(d) FILTER (third = 3) - avg(d) FILTER (third = 1) AS gap
  FROM d GROUP BY ALL
), resid AS (
  SELECT f.*, sum((d.d - (f.alpha + f.beta * d.delta)) ^ 2) AS sse
  FROM fit f JOIN d USING (school_code, school_year, subject, grade) GROUP BY ALL
)
SELECT school_code, school_year, subject, grade, tasks, participants, beta, gap,
       CASE WHEN tasks > 2 AND sxx > 0 AND sse > 0 THEN beta / sqrt(sse / (tasks - 2) / sxx) END AS t_stat,
       participants >= cfg('min_n') AND tasks >= 6 AND beta / nullif(sqrt(sse / (tasks - 2) / sxx), 0) >= cfg('a2_t_min')
         AND gap >= cfg('a2_gap_min') AS a2
FROM resid
