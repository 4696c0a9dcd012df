-- Exit criteria of a programme school («выход в эффективный режим работы»), per school × year × criterion.
-- The district plan names the procedure but no criteria, so these are Ориентир's [R] defaults (docs/methodology.md §8.2):
-- the ШНОР entry rule reversed for programme_exit_years consecutive years (with programme_exit_years ≥ shnor_years_window −
-- shnor_years_min + 1 a school meeting it is off the ШНОР list: mart_flags), no objectivity attention zone, and the
-- share of pupils with a «2»/«н/а» in any period (int_failing_pupils) below the risk-profile «high» cut. distance is in the criterion's unit, 0 when met.
WITH prog AS (
  SELECT DISTINCT school_code FROM stg_programmes
), islands AS (
  SELECT s.*, greatest(s.ior_cut + 1e-9, s.median_cut) AS ior_need,
         s.y - row_number() OVER (PARTITION BY s.school_code, s.is_low ORDER BY s.y) AS island
  FROM mart_shnor_years s JOIN prog USING (school_code)
), streak AS (
  -- Consecutive years not «low» up to this year; a «low» year or a year without data breaks the run.
  SELECT i.*, CASE WHEN is_low THEN 0 ELSE row_number() OVER (PARTITION BY school_code, is_low, island ORDER BY y) END AS run_len
  FROM islands i
), obj AS (
  SELECT school_code, school_year, count(*) AS n_obj, string_agg(flag, '; ' ORDER BY flag) AS obj_list
  FROM mart_flags WHERE flag_level = 'зона внимания' AND rule_id LIKE 'OBJ-%' GROUP BY ALL
), risk AS (
  SELECT school_code, ref_area AS risk_area, school_year, value, quantile_cont(value, cfg('risk_high_percentile')) OVER (PARTITION BY ref_area, school_year) AS cut
  FROM mart_risk_profile WHERE indicator = 'Доля обучающихся с «2» или «н/а» за четверть или год' AND value IS NOT NULL
), crit AS (
  SELECT school_code, school_year, 1 AS ord, 'ior_above_shnor_cut' AS criterion_id,
         'ИОР выше ' || round(100 * cfg('shnor_low_percentile'))::INTEGER || '-го процентиля и не ниже ' || ru2(cfg('shnor_median_ratio')) || ' медианы ИОР ' || area_gen(ref_area) AS criterion,
         'ior' AS indicator, 'index' AS unit, ior_need AS threshold, ior AS value, greatest(0, ior_need - ior) AS distance,
         ior > ior_cut AND ior >= median_cut AS met
  FROM streak
  UNION ALL
  SELECT school_code, school_year, 2, 'vpr_fail_below_shnor_cut',
         'Доля «2» на ВПР (русский язык и математика, 4–8 классы) ниже ' || round(100 * cfg('shnor_fail_percentile'))::INTEGER || '-го процентиля ' || area_gen(ref_area),
         'vpr_fail_share', 'share', fail_cut, vpr_fail, CASE WHEN fail_low THEN vpr_fail - fail_cut ELSE 0 END,
         NOT fail_low
  FROM streak
  UNION ALL
  SELECT school_code, school_year, 3, 'not_low_years',
         'Год не «низкий» по правилу ШНОР ' || cfg('programme_exit_years')::INTEGER || ' года подряд (год без данных прерывает серию)',
         'not_low_years', 'count', cfg('programme_exit_years'), run_len::DOUBLE,
         greatest(0, cfg('programme_exit_years') - run_len), run_len >= cfg('programme_exit_years')
  FROM streak
  UNION ALL
  SELECT s.school_code, s.school_year, 4, 'no_objectivity_zone',
         'Нет признаков необъективности в зоне внимания' || coalesce(' (сейчас: ' || o.obj_list || ')', ''),
         'objectivity_flags', 'count', 0, coalesce(o.n_obj, 0)::DOUBLE, coalesce(o.n_obj, 0)::DOUBLE, coalesce(o.n_obj, 0) = 0
  FROM streak s LEFT JOIN obj o USING (school_code, school_year)
  UNION ALL
  SELECT s.school_code, s.school_year, 5, 'at_risk_below_high',
         'Доля обучающихся с «2» или «н/а» за четверть или год ниже ' || round(100 * cfg('risk_high_percentile'))::INTEGER || '-го процентиля ' || area_gen(r.risk_area),
         'at_risk_share', 'share', r.cut, r.value, CASE WHEN r.value >= r.cut THEN r.value - r.cut ELSE 0 END,
         CASE WHEN r.value IS NOT NULL THEN r.value < r.cut END
  FROM streak s LEFT JOIN risk r USING (school_code, school_year)
)
SELECT school_code, school_year, ord AS criterion_no, criterion_id, criterion, indicator, unit, threshold, value, distance, met
FROM crit
