-- Plan vs actual per school × indicator × subject × grade × year, from the baseline year to the programme's end
-- (rule [R], docs/methodology.md §8.1). Planned: the explicit target, else linear between the previous anchor
-- (baseline or target) and the next target, after the last target the last target holds.
WITH prog AS (
  SELECT school_code, min(sy_start(start_year)) AS start_y, max(sy_start(end_year)) AS end_y FROM stg_programmes GROUP BY ALL
), meta AS (
  SELECT NULL AS school_code, id AS indicator, caption, unit, direction, source FROM cfg_indicators
  UNION ALL
  SELECT school_code, indicator, caption, unit, direction, 'reported' FROM stg_programme_indicators
), keys AS (
  SELECT t.school_code, t.indicator, t.subject, t.grade,
         arg_min(t.baseline, sy_start(t.school_year)) FILTER (t.baseline IS NOT NULL) AS baseline_given,
         coalesce(max(sy_start(t.baseline_year)), least(min(sy_start(t.school_year)), any_value(p.start_y)) - 1) AS y0,
         greatest(max(sy_start(t.school_year)), any_value(p.end_y)) AS y_end
  FROM stg_targets t LEFT JOIN prog p USING (school_code)
  GROUP BY t.school_code, t.indicator, t.subject, t.grade
), spine AS (
  SELECT k.*, y FROM keys k, range(k.y0, k.y_end + 1) r(y)
), explicit AS (
  SELECT school_code, indicator, subject, grade, sy_start(school_year) AS y, planned FROM stg_targets
), joined AS (
  SELECT s.*, e.planned AS target, a.actual, a.n,
         coalesce(s.baseline_given, first_value(a.actual) OVER (PARTITION BY s.school_code, s.indicator, s.subject, s.grade ORDER BY s.y)) AS baseline
  FROM spine s
  LEFT JOIN explicit e ON e.school_code = s.school_code AND e.indicator = s.indicator AND e.subject IS NOT DISTINCT FROM s.subject
    AND e.grade IS NOT DISTINCT FROM s.grade AND e.y = s.y
  LEFT JOIN int_school_indicators a ON a.school_code = s.school_code AND a.indicator = s.indicator AND a.subject IS NOT DISTINCT FROM s.subject
    AND a.grade IS NOT DISTINCT FROM s.grade AND sy_start(a.school_year) = s.y
), anchors AS (
  SELECT j.*, CASE WHEN y = y0 THEN baseline ELSE target END AS anchor, CASE WHEN (y = y0 AND baseline IS NOT NULL) OR (y > y0 AND target IS NOT NULL) THEN y END AS anchor_y
  FROM joined j
), interp AS (
  SELECT a.*,
         last_value(anchor IGNORE NULLS) OVER wp AS prev_v, last_value(anchor_y IGNORE NULLS) OVER wp AS prev_y,
         first_value(target IGNORE NULLS) OVER wn AS next_v, first_value(CASE WHEN target IS NOT NULL THEN y END IGNORE NULLS) OVER wn AS next_y
  FROM anchors a
  WINDOW wp AS (PARTITION BY school_code, indicator, subject, grade ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         wn AS (PARTITION BY school_code, indicator, subject, grade ORDER BY y ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
), planned AS (
  SELECT i.*,
         CASE WHEN y = y0 THEN NULL WHEN target IS NOT NULL THEN target
              WHEN next_v IS NOT NULL AND prev_v IS NOT NULL THEN prev_v + (next_v - prev_v) * (y - prev_y) / (next_y - prev_y)
              WHEN next_v IS NULL THEN prev_v END AS plan
  FROM interp i
), judged AS (
  SELECT p.*, coalesce(m.caption, p.indicator) AS caption, coalesce(m.unit, 'index') AS unit,
         coalesce(m.direction, 'higher-better') AS direction, coalesce(m.source, 'reported') AS source,
         (p.actual - p.baseline) / nullif(p.plan - p.baseline, 0) AS progress,
         CASE WHEN coalesce(m.direction, 'higher-better') = 'lower-better' THEN p.actual <= p.plan + 1e-9 ELSE p.actual >= p.plan - 1e-9 END AS reached
  FROM planned p
  LEFT JOIN meta m ON m.indicator = p.indicator AND (m.school_code IS NULL OR m.school_code = p.school_code)
)
SELECT school_code, indicator, caption, unit, direction, source, subject, grade, sy_label(y) AS school_year,
       baseline, sy_label(y0) AS baseline_year, plan AS planned, target IS NOT NULL AS planned_explicit, actual, n, progress,
       CASE WHEN y = y0 THEN 'baseline'
            WHEN actual IS NULL OR plan IS NULL OR n < cfg('min_n') THEN 'no_data'
            WHEN reached THEN 'on_track'
            WHEN progress >= cfg('programme_at_risk_progress') THEN 'at_risk'
            ELSE 'off_track' END AS status,
       CASE WHEN y = y0 THEN 'Базовый год: ' || coalesce(ru_val(baseline, unit), 'значение не указано')
                 || CASE WHEN baseline IS NOT NULL AND baseline_given IS NULL THEN ' (измерено, в паспорте не указано)' ELSE '' END || '.'
            WHEN plan IS NULL THEN 'Плановое значение не задано и не может быть рассчитано (нет базового значения).'
            WHEN actual IS NULL THEN 'Нет фактического значения за ' || sy_label(y) || ' (план ' || ru_val(plan, unit) || ').'
            WHEN n < cfg('min_n') THEN 'Недостаточно данных: ' || n || ' участников (меньше ' || cfg('min_n')::INTEGER || '); факт ' || ru_val(actual, unit) || ', план ' || ru_val(plan, unit) || '.'
            WHEN reached THEN 'Факт ' || ru_val(actual, unit) || ' при плане ' || ru_val(plan, unit) || ': план достигнут ('
                 || CASE direction WHEN 'lower-better' THEN 'меньше — лучше' ELSE 'больше — лучше' END || ').'
            ELSE 'Факт ' || ru_val(actual, unit) || ' при плане ' || ru_val(plan, unit) || ' и базе ' || ru_val(baseline, unit) || ': '
                 || CASE WHEN progress IS NULL THEN 'план не достигнут (плановое значение равно базовому)'
                         WHEN progress < 0 THEN 'изменение в обратную от плана сторону'
                         ELSE 'достигнуто ' || floor(100 * progress + 1e-9)::INTEGER || '% планового изменения' END
                 || CASE WHEN progress >= cfg('programme_at_risk_progress') THEN ' (не меньше ' || round(100 * cfg('programme_at_risk_progress'))::INTEGER || '%) — под угрозой: есть риск не выполнить план.'
                         ELSE ' (нужно не меньше ' || round(100 * cfg('programme_at_risk_progress'))::INTEGER || '% для «под угрозой») — отстаёт от плана.' END
       END AS status_reason
FROM judged
