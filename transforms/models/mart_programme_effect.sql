-- Does the help work: difference in differences ([R], docs/methodology.md §8.3). For each programme school and outcome:
-- change = mean over the years from the programme's start − mean over up to programme_did_pre_years years before it;
-- effect = the school's change − the mean change of similar schools never under a programme (same type, settlement
-- and size band; relaxed to type and settlement, then to all such schools, when fewer than programme_min_controls).
-- One treated school: se = sd of the control changes × √(1 + 1/n). District row: all programme schools pooled
-- against the union of their controls, se = √(s²_t/n_t + s²_c/n_c) with Welch's df. Evidence, not a verdict.
WITH outcomes AS (
  SELECT * FROM (VALUES (1, 'ior'), (2, 'vpr_mean'), (3, 'vpr_pass_share'), (4, 'at_risk_share')) v(ord, outcome)
), prog AS (
  SELECT school_code, arg_min(programme_name, sy_start(start_year)) AS programme_name, min(start_year) AS start_year,
         min(sy_start(start_year)) AS s
  FROM stg_programmes GROUP BY school_code
), schools AS (
  SELECT school_code, school_type, settlement_type, size_band(enrolment) AS size_band,
         school_code IN (SELECT school_code FROM prog) AS treated
  FROM stg_schools
), vals AS (
  SELECT i.school_code, sy_start(i.school_year) AS y, i.indicator AS outcome, i.actual AS v
  FROM mart_school_indicators i JOIN outcomes o ON o.outcome = i.indicator
  WHERE i.subject IS NULL AND i.grade IS NULL AND i.actual IS NOT NULL AND coalesce(i.n >= cfg('min_n'), true)
), changes AS (
  -- Every school's change around each programme start year present.
  SELECT st.s, v.school_code, v.outcome,
         avg(v.v) FILTER (v.y < st.s AND v.y >= st.s - cfg('programme_did_pre_years')) AS pre_mean,
         avg(v.v) FILTER (v.y >= st.s) AS post_mean,
         string_agg(DISTINCT sy_label(v.y), ', ' ORDER BY sy_label(v.y)) FILTER (v.y < st.s AND v.y >= st.s - cfg('programme_did_pre_years')) AS pre_years,
         string_agg(DISTINCT sy_label(v.y), ', ' ORDER BY sy_label(v.y)) FILTER (v.y >= st.s) AS post_years
  FROM (SELECT DISTINCT s FROM prog) st, vals v
  GROUP BY ALL
), treated AS (
  SELECT p.*, o.ord, o.outcome, c.pre_years, c.post_years, c.post_mean - c.pre_mean AS d
  FROM prog p CROSS JOIN outcomes o
  LEFT JOIN changes c ON c.s = p.s AND c.school_code = p.school_code AND c.outcome = o.outcome
), ctrl AS (
  -- Every never-treated school's change around each start year, with the keys of its comparison groups.
  SELECT c.s, c.outcome, c.school_code AS c_code, c.post_mean - c.pre_mean AS d, cs.school_type, cs.settlement_type, cs.size_band
  FROM changes c JOIN schools cs ON cs.school_code = c.school_code AND NOT cs.treated
  WHERE c.pre_mean IS NOT NULL AND c.post_mean IS NOT NULL
), groups AS (
  -- The controls of a treated school are one comparison group: 1 — same type, settlement and size; 2 — same type and
  -- settlement; 3 — all. Each group is summarised once (pairing every treated school with every control grew with the
  -- square of the region: 0.5 s at 1000 ОО, 12 s at 5000).
  SELECT s, outcome, school_type, settlement_type, size_band,
         CASE WHEN grouping(size_band) = 0 THEN 1 WHEN grouping(school_type) = 0 THEN 2 ELSE 3 END AS lvl,
         avg(d) AS mean, count(d) AS n, stddev_samp(d) AS sd
  FROM ctrl
  GROUP BY GROUPING SETS ((s, outcome, school_type, settlement_type, size_band), (s, outcome, school_type, settlement_type), (s, outcome))
), level AS (
  -- The closest group with at least programme_min_controls schools; none when no school without a programme has data.
  SELECT t.school_code AS t_code, t.s, t.outcome, ts.school_type, ts.settlement_type, ts.size_band,
         CASE WHEN coalesce(g1.n, 0) >= cfg('programme_min_controls') THEN 1
              WHEN coalesce(g2.n, 0) >= cfg('programme_min_controls') THEN 2 ELSE 3 END AS lvl
  FROM treated t
  JOIN schools ts ON ts.school_code = t.school_code
  JOIN groups g3 ON g3.lvl = 3 AND g3.s = t.s AND g3.outcome = t.outcome
  LEFT JOIN groups g2 ON g2.lvl = 2 AND g2.s = t.s AND g2.outcome = t.outcome
   AND g2.school_type IS NOT DISTINCT FROM ts.school_type AND g2.settlement_type IS NOT DISTINCT FROM ts.settlement_type
  LEFT JOIN groups g1 ON g1.lvl = 1 AND g1.s = t.s AND g1.outcome = t.outcome
   AND g1.school_type IS NOT DISTINCT FROM ts.school_type AND g1.settlement_type IS NOT DISTINCT FROM ts.settlement_type
   AND g1.size_band = ts.size_band
), chosen AS (
  SELECT l.t_code, l.outcome, g.lvl, g.mean, g.n, g.sd
  FROM level l JOIN groups g ON g.lvl = l.lvl AND g.s = l.s AND g.outcome = l.outcome
   AND (l.lvl = 3 OR (g.school_type IS NOT DISTINCT FROM l.school_type AND g.settlement_type IS NOT DISTINCT FROM l.settlement_type
                      AND (l.lvl = 2 OR g.size_band = l.size_band)))
), per_school AS (
  SELECT t.school_code, t.programme_name, t.start_year, t.ord, t.outcome, t.pre_years, t.post_years, t.d AS treated_change,
         c.mean AS control_change, coalesce(c.n, 0) AS n_controls, 1 AS n_treated, c.lvl,
         t.d - c.mean AS effect, c.sd * sqrt(1 + 1 / c.n) AS se, coalesce(c.n, 0) - 1 AS df
  FROM treated t LEFT JOIN chosen c ON c.t_code = t.school_code AND c.outcome = t.outcome
), controls AS (
  -- The union of the treated schools' groups, for the district row.
  SELECT DISTINCT c.outcome, c.c_code, c.s, c.d, k.lvl
  FROM ctrl c JOIN (SELECT DISTINCT lvl, s, outcome, school_type, settlement_type, size_band FROM level) k
    ON k.s = c.s AND k.outcome = c.outcome
   AND (k.lvl = 3 OR (c.school_type IS NOT DISTINCT FROM k.school_type AND c.settlement_type IS NOT DISTINCT FROM k.settlement_type
                      AND (k.lvl = 2 OR c.size_band = k.size_band)))
), district_c AS (
  SELECT outcome, avg(d) AS m_c, var_samp(d) AS v_c, count(*) AS n_c,
         (SELECT max(lvl) FROM controls x WHERE x.outcome = u.outcome) AS lvl
  FROM (SELECT DISTINCT outcome, c_code, s, d FROM controls) u GROUP BY outcome
), district_t AS (
  SELECT ord, outcome, avg(d) AS m_t, var_samp(d) AS v_t, count(d) AS n_t, min(start_year) AS start_year,
         string_agg(DISTINCT pre_years, '; ') AS pre_years, string_agg(DISTINCT post_years, '; ') AS post_years
  FROM treated WHERE d IS NOT NULL GROUP BY ALL
), district AS (
  SELECT NULL AS school_code, NULL AS programme_name, t.start_year, t.ord, t.outcome, t.pre_years, t.post_years,
         t.m_t AS treated_change, c.m_c AS control_change, c.n_c AS n_controls, t.n_t AS n_treated, c.lvl,
         t.m_t - c.m_c AS effect,
         sqrt(coalesce(t.v_t, c.v_c) / t.n_t + c.v_c / c.n_c) AS se,
         -- Welch–Satterthwaite; with one programme school its variance is the controls' (as per school).
         (coalesce(t.v_t, c.v_c) / t.n_t + c.v_c / c.n_c) ^ 2
           / nullif((coalesce(t.v_t, c.v_c) / t.n_t) ^ 2 / greatest(t.n_t - 1, 1) + (c.v_c / c.n_c) ^ 2 / (c.n_c - 1), 0) AS df
  FROM district_t t JOIN district_c c USING (outcome)
), rows AS (
  SELECT * FROM per_school UNION ALL SELECT * FROM district
), ci AS (
  SELECT r.*, m.caption AS outcome_caption, m.unit, m.direction,
         CASE WHEN r.se > 0 AND r.df >= 1 THEN r.effect - t_crit(r.df) * r.se END AS ci_lo,
         CASE WHEN r.se > 0 AND r.df >= 1 THEN r.effect + t_crit(r.df) * r.se END AS ci_hi
  FROM rows r LEFT JOIN cfg_indicators m ON m.id = r.outcome
)
SELECT school_code, programme_name, start_year, ord AS outcome_no, outcome, outcome_caption, unit, direction, pre_years, post_years,
       treated_change, control_change, n_treated::BIGINT AS n_treated, n_controls::BIGINT AS n_controls,
       CASE lvl WHEN 1 THEN 'тот же тип ОО, тип поселения и размер'
                WHEN 2 THEN 'тот же тип ОО и тип поселения (похожих по размеру меньше ' || cfg('programme_min_controls')::INTEGER || ')'
                WHEN 3 THEN 'все ОО без программы (похожих меньше ' || cfg('programme_min_controls')::INTEGER || ')' END AS control_group,
       effect, se, ci_lo, ci_hi,
       CASE WHEN ci_lo IS NULL THEN 'недостаточно данных для сравнения'
            WHEN (direction = 'lower-better' AND ci_hi < 0) OR (direction <> 'lower-better' AND ci_lo > 0) THEN 'изменение лучше, чем у похожих школ'
            WHEN ci_lo > 0 OR ci_hi < 0 THEN 'изменение хуже, чем у похожих школ'
            ELSE 'не отличается от похожих школ' END AS evidence,
       CASE WHEN treated_change IS NULL THEN 'Нет значений до и после начала программы для сравнения.'
            WHEN n_controls = 0 OR n_controls IS NULL THEN 'Нет ОО без программы с данными за те же годы.'
            ELSE 'Изменение с начала программы: ' || ru_diff(treated_change, unit) || CASE WHEN n_treated > 1 THEN ' в среднем по ' || n_treated || ' ОО' ELSE '' END
              || ', у ' || n_controls || ' ОО без программы — ' || ru_diff(control_change, unit) || '; разница ' || ru_diff(effect, unit)
              || coalesce(' (95% интервал от ' || ru_diff(ci_lo, unit) || ' до ' || ru_diff(ci_hi, unit) || ')', ' (интервал не оценить: мало ОО для сравнения)')
              || '. Это оценка, а не вывод: на результат влияют и другие обстоятельства.' END AS evidence_text
FROM ci
