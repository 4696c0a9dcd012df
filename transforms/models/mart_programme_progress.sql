-- Plan vs actual per school × indicator × subject × grade × year, from the baseline year to the programme's end
-- (rule [R], docs/methodology.md §8.1, docs/programmes.md). Planned: the explicit target, else linear between the previous
-- anchor (baseline or target) and the next target, after the last target the last target holds.
-- One baseline per indicator: an indicator Ориентир computes is judged from its own value in the baseline year (passport's
-- «базовый год», else the year before the programme starts) and the plan is the passport's planned change (plan − passport
-- baseline) added to it, so the status follows the measured direction; the passport's baseline stands where nothing was
-- measured (too few participants) and for reported and own indicators. baseline_differs marks a passport baseline off the
-- measured one by more than programme_baseline_tolerance (shares, absolute) / programme_baseline_tolerance_rel (other units,
-- of the passport value). For the official ИОР (reported) the reconstructed ИОР [R] of the same year is in orientir_ior.
WITH prog AS (
  SELECT school_code, min(sy_start(start_year)) AS start_y, max(sy_start(end_year)) AS end_y FROM stg_programmes GROUP BY ALL
), meta AS (
  SELECT NULL AS school_code, id AS indicator, caption, unit, direction, origin FROM cfg_indicators
  UNION ALL
  SELECT school_code, indicator, caption, unit, direction, 'reported' FROM int_programme_indicators
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
), computed_ids AS (
  SELECT id FROM cfg_indicators WHERE origin = 'computed'
), joined0 AS (
  SELECT s.*, e.planned AS target, a.actual, a.n, s.indicator IN (SELECT id FROM computed_ids) AS is_computed,
         -- The value of the baseline year itself (NULL when the first spine year has none or too few participants).
         first_value(CASE WHEN a.n IS NULL OR a.n >= cfg('min_n') THEN a.actual END)
           OVER (PARTITION BY s.school_code, s.indicator, s.subject, s.grade ORDER BY s.y) AS measured_baseline
  FROM spine s
  LEFT JOIN explicit e ON e.school_code = s.school_code AND e.indicator = s.indicator AND e.subject IS NOT DISTINCT FROM s.subject
    AND e.grade IS NOT DISTINCT FROM s.grade AND e.y = s.y
  LEFT JOIN mart_school_indicators a ON a.school_code = s.school_code AND a.indicator = s.indicator AND a.subject IS NOT DISTINCT FROM s.subject
    AND a.grade IS NOT DISTINCT FROM s.grade AND sy_start(a.school_year) = s.y
), joined AS (
  SELECT j.*, baseline_given AS passport_baseline,
         CASE WHEN is_computed THEN coalesce(measured_baseline, baseline_given) ELSE coalesce(baseline_given, measured_baseline) END AS baseline,
         CASE WHEN is_computed AND measured_baseline IS NOT NULL THEN 'measured'
              WHEN baseline_given IS NOT NULL THEN 'passport' WHEN measured_baseline IS NOT NULL THEN 'measured' END AS baseline_origin,
         -- The passport's targets are on the passport's scale: shift them by the gap between the two baselines.
         CASE WHEN is_computed AND measured_baseline IS NOT NULL AND baseline_given IS NOT NULL THEN measured_baseline - baseline_given ELSE 0 END AS shift
  FROM joined0 j
), anchors AS (
  SELECT j.*, CASE WHEN y = y0 THEN coalesce(passport_baseline, baseline) ELSE target END AS anchor,
         CASE WHEN (y = y0 AND baseline IS NOT NULL) OR (y > y0 AND target IS NOT NULL) THEN y END AS anchor_y
  FROM joined j
), interp AS (
  SELECT a.*,
         last_value(anchor IGNORE NULLS) OVER wp AS prev_v, last_value(anchor_y IGNORE NULLS) OVER wp AS prev_y,
         first_value(target IGNORE NULLS) OVER wn AS next_v, first_value(CASE WHEN target IS NOT NULL THEN y END IGNORE NULLS) OVER wn AS next_y
  FROM anchors a
  WINDOW wp AS (PARTITION BY school_code, indicator, subject, grade ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         wn AS (PARTITION BY school_code, indicator, subject, grade ORDER BY y ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
), planned0 AS (
  SELECT i.*,
         CASE WHEN y = y0 THEN NULL WHEN target IS NOT NULL THEN target
              WHEN next_v IS NOT NULL AND prev_v IS NOT NULL THEN prev_v + (next_v - prev_v) * (y - prev_y) / (next_y - prev_y)
              WHEN next_v IS NULL THEN prev_v END AS plan_passport
  FROM interp i
), planned AS (
  SELECT p.*, plan_passport + shift AS plan_raw FROM planned0 p
), judged0 AS (
  SELECT p.* EXCLUDE (plan_raw), coalesce(m.caption, p.indicator) AS caption, coalesce(m.unit, 'index') AS unit,
         coalesce(m.direction, 'higher-better') AS direction, coalesce(m.origin, 'reported') AS origin,
         -- Shares and indices stay within 0..1 after the shift.
         CASE WHEN plan_raw IS NOT NULL AND coalesce(m.unit, 'index') IN ('share', 'index') THEN least(1, greatest(0, plan_raw)) ELSE plan_raw END AS plan,
         CASE WHEN passport_baseline IS NULL OR measured_baseline IS NULL THEN NULL
              WHEN coalesce(m.unit, 'index') = 'share' THEN abs(passport_baseline - measured_baseline) > cfg('programme_baseline_tolerance') + 1e-9
              ELSE abs(passport_baseline - measured_baseline) > cfg('programme_baseline_tolerance_rel') * abs(passport_baseline) + 1e-9 END AS baseline_differs
  FROM planned p
  LEFT JOIN meta m ON m.indicator = p.indicator AND (m.school_code IS NULL OR m.school_code = p.school_code)
), judged AS (
  SELECT p.*, (p.actual - p.baseline) / nullif(p.plan - p.baseline, 0) AS progress,
         CASE WHEN direction = 'lower-better' THEN p.actual <= p.plan + 1e-9 ELSE p.actual >= p.plan - 1e-9 END AS reached,
         p.shift <> 0 AS plan_shifted,
         CASE WHEN baseline_origin = 'measured' AND is_computed THEN 'по данным Ориентира' WHEN baseline_origin = 'measured' THEN 'по отчёту школы' ELSE 'по паспорту' END AS base_from
  FROM judged0 p
), ior_r AS (
  SELECT school_code AS r_code, sy_start(school_year) AS r_y, actual AS orientir_ior FROM mart_school_indicators WHERE indicator = 'ior' AND subject IS NULL AND grade IS NULL
)
SELECT school_code, indicator, caption, unit, direction, origin, subject, grade, sy_label(y) AS school_year,
       baseline, sy_label(y0) AS baseline_year, plan AS planned, target IS NOT NULL AS planned_explicit, actual, n, progress,
       passport_baseline, measured_baseline, baseline_origin, coalesce(baseline_differs, false) AS baseline_differs,
       plan_passport AS planned_passport, plan_shifted AS planned_adjusted,
       r.orientir_ior,
       -- The direction of the change from the base, apart from the plan: a school improving more slowly than planned is
       -- «лучше базы» while it «отстаёт» from the plan.
       CASE WHEN y > y0 AND actual IS NOT NULL AND baseline IS NOT NULL AND actual <> baseline
            THEN (actual - baseline) * CASE direction WHEN 'lower-better' THEN -1 ELSE 1 END > 0 END AS improving,
       CASE WHEN y = y0 THEN 'baseline'
            WHEN actual IS NULL OR plan IS NULL OR n < cfg('min_n') THEN 'no_data'
            WHEN reached THEN 'on_track'
            WHEN progress >= cfg('programme_at_risk_progress') THEN 'at_risk'
            ELSE 'off_track' END AS status,
       CASE WHEN y = y0 THEN 'Базовый год: ' || coalesce(ru_val(baseline, unit), 'значение не указано')
                 || CASE WHEN baseline IS NOT NULL AND baseline_given IS NULL THEN ' (измерено, в паспорте не указано)'
                         WHEN baseline_origin = 'measured' AND is_computed THEN ' (по данным Ориентира; по паспорту ' || ru_val(passport_baseline, unit) || ')'
                         WHEN is_computed AND baseline_given IS NOT NULL THEN ' (по паспорту: по данным Ориентира значения за этот год нет или участников меньше ' || cfg('min_n')::INTEGER || ')'
                         ELSE '' END || '.'
                 || CASE WHEN baseline_differs THEN ' Базовые значения паспорта и ' || CASE WHEN is_computed THEN 'Ориентира' ELSE 'отчёта школы' END
                         || ' расходятся больше допустимого: статус считается от базы ' || base_from || '.' ELSE '' END
            WHEN plan IS NULL THEN 'Плановое значение не задано и не может быть рассчитано (нет базового значения).'
            WHEN actual IS NULL THEN 'Нет фактического значения за ' || sy_label(y) || ' (план ' || ru_val(plan, unit) || ').'
            WHEN n < cfg('min_n') THEN 'Недостаточно данных: ' || n || ' участников (меньше ' || cfg('min_n')::INTEGER || '); факт ' || ru_val(actual, unit) || ', план ' || ru_val(plan, unit) || '.'
            WHEN reached THEN 'Факт ' || ru_val(actual, unit) || ' при плане ' || ru_val(plan, unit) || ': план достигнут ('
                 || CASE direction WHEN 'lower-better' THEN 'меньше — лучше' ELSE 'больше — лучше' END || ').'
            ELSE 'Факт ' || ru_val(actual, unit) || ' при плане ' || ru_val(plan, unit) || ' и базе ' || ru_val(baseline, unit)
                 || CASE WHEN plan_shifted THEN ' ' || base_from ELSE '' END || ': '
                 || CASE WHEN progress IS NULL THEN 'план не достигнут (плановое значение равно базовому)'
                         WHEN progress < 0 THEN 'хуже базы (' || ru_diff(actual - baseline, unit) || '), изменение в обратную от плана сторону'
                         WHEN progress = 0 THEN 'без изменения к базе'
                         ELSE 'лучше базы (' || ru_diff(actual - baseline, unit) || '), но достигнуто ' || floor(100 * progress + 1e-9)::INTEGER || '% планового изменения' END
                 || CASE WHEN progress >= cfg('programme_at_risk_progress') THEN ' (не меньше ' || round(100 * cfg('programme_at_risk_progress'))::INTEGER || '%) — под угрозой: есть риск не выполнить план.'
                         ELSE ' (нужно не меньше ' || round(100 * cfg('programme_at_risk_progress'))::INTEGER || '% для «под угрозой») — отстаёт от плана.' END
       END
       || CASE WHEN plan_shifted AND y > y0 THEN ' План — изменение по паспорту (' || ru_diff(plan_passport - passport_baseline, unit) || ' к базе паспорта '
               || ru_val(passport_baseline, unit) || ') от базы по данным Ориентира ' || ru_val(baseline, unit) || '.' ELSE '' END AS status_reason
FROM judged LEFT JOIN ior_r r ON judged.indicator = 'ior_official' AND r.r_code = judged.school_code AND r.r_y = judged.y
