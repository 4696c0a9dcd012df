-- Flags per school × year with rule id, version, a Russian reason naming the numbers, and the exit criterion.
-- Levels: «зона внимания» (persistent, relative), «сигнал» (single-year or absolute), «информация».
WITH low AS (
  -- Every school × every school year from the first to the last year with data; a year without the school's ИОР has
  -- has_data = false and is_low NULL: it is neither «low» nor «not low» (data_year: the municipality has data that year).
  SELECT s.school_code, g.y, coalesce(i.school_year, sy_label(g.y)) AS school_year, i.* EXCLUDE (school_code, school_year, y),
         i.school_code IS NOT NULL AS has_data, g.y IN (SELECT y FROM mart_shnor_years) AS data_year
  FROM (SELECT DISTINCT school_code FROM mart_shnor_years) s
  CROSS JOIN (SELECT unnest(range(min(y), max(y) + 1)) AS y FROM mart_shnor_years) g
  LEFT JOIN mart_shnor_years i ON i.school_code = s.school_code AND i.y = g.y
), shnor AS (
  -- In the zone: ≥ shnor_years_min «low» years in the window of shnor_years_window school years ending at y, whether or
  -- not y is low. Undecidable only because of years without data (too few low years, enough with the missing ones):
  -- the school keeps its last decided state, so a gap neither puts it on the list nor takes it off.
  SELECT d.*, coalesce(d.zone_now, last_value(d.zone_now IGNORE NULLS) OVER p, false) AS in_zone,
         last_value(CASE WHEN d.zone_now IS NOT NULL THEN d.school_year END IGNORE NULLS) OVER p AS decided_year
  FROM (
    SELECT w.*, CASE WHEN low_years >= cfg('shnor_years_min') THEN true
                     WHEN low_years + missing_years < cfg('shnor_years_min') OR known_years = 0 THEN false END AS zone_now
    FROM (
      SELECT l.*, coalesce(sum(is_low::INTEGER) OVER w, 0) AS low_years, count(is_low) OVER w AS known_years,
             sum((NOT has_data)::INTEGER) OVER w AS missing_years,
             string_agg(CASE WHEN is_low THEN school_year END, ', ' ORDER BY y) OVER w AS low_year_list,
             string_agg(CASE WHEN NOT has_data THEN school_year END, ', ' ORDER BY y) OVER w AS missing_year_list
      FROM low l
      WINDOW w AS (PARTITION BY school_code ORDER BY y RANGE BETWEEN (cfg('shnor_years_window')::INTEGER - 1) PRECEDING AND CURRENT ROW)
    ) w
  ) d
  WINDOW p AS (PARTITION BY school_code ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), shnor_flags AS (
  SELECT school_code, school_year, 'ШНОР' AS flag,
         CASE WHEN in_zone THEN 'зона внимания' ELSE 'сигнал' END AS flag_level,
         CASE WHEN in_zone THEN 'SHNOR-LOW-2of3' ELSE 'SHNOR-LOW-1' END AS rule_id,
         CASE WHEN low_years > 0 THEN 'Низкие результаты в ' || low_year_list || ' (' || low_years || ' из последних ' || cfg('shnor_years_window')::INTEGER || ' лет'
              ELSE 'Низких результатов в годы с данными из последних ' || cfg('shnor_years_window')::INTEGER || ' лет нет (' END
           || CASE WHEN missing_years > 0 THEN CASE WHEN low_years > 0 THEN '; ' ELSE '' END || 'нет данных за ' || missing_year_list ELSE '' END || ').'
           || CASE WHEN in_zone AND low_years < cfg('shnor_years_min') THEN ' Без данных пропущенных лет правило «' || cfg('shnor_years_min')::INTEGER || ' из '
                     || cfg('shnor_years_window')::INTEGER || '» не проверить: ОО остаётся в зоне внимания, как в ' || decided_year || '.' ELSE '' END
           || CASE WHEN NOT has_data THEN ' За ' || school_year || ' данных ИОР нет: год не считается ни «низким», ни обычным.'
                   WHEN NOT is_low THEN ' В ' || school_year || ' год не «низкий»: ИОР ' || ru2(ior) || ' (' || round(100 * cfg('shnor_low_percentile'))::INTEGER
                     || '-й процентиль ' || area_gen(ref_area) || ' ' || ru2(ior_cut) || ', ' || ru2(cfg('shnor_median_ratio')) || ' медианы ' || ru2(median_cut) || ')'
                     || CASE WHEN vpr_fail IS NOT NULL THEN ', доля «2» на ВПР ' || ru_pct(vpr_fail) || ' (' || round(100 * cfg('shnor_fail_percentile'))::INTEGER
                          || '-й процентиль ' || ru_pct(fail_cut) || ')' ELSE '' END || '.'
                   ELSE ' В ' || school_year || ': '
                     || CASE WHEN ior <= ior_cut THEN 'ИОР ' || ru2(ior) || ' — не выше ' || round(100 * cfg('shnor_low_percentile'))::INTEGER || '-го процентиля ' || area_gen(ref_area) || ' (' || ru2(ior_cut) || ')'
                             WHEN ior < median_cut THEN 'ИОР ' || ru2(ior) || ' — ниже ' || ru2(cfg('shnor_median_ratio')) || ' медианы ' || area_gen(ref_area) || ' (' || ru2(median_cut) || ')'
                             ELSE 'ИОР ' || ru2(ior) END
                     || CASE WHEN fail_low THEN '; доля «2» на ВПР ' || ru_pct(vpr_fail) || ' — не ниже ' || round(100 * cfg('shnor_fail_percentile'))::INTEGER || '-го процентиля (' || ru_pct(fail_cut) || ')' ELSE '' END END
           AS reason,
         CASE WHEN in_zone THEN 'Снимается, когда из последних ' || cfg('shnor_years_window')::INTEGER || ' лет «низких» останется меньше ' || cfg('shnor_years_min')::INTEGER
                || ' и текущий год не «низкий»'
              ELSE 'Сигнал одного года: снимается, если следующий год не «низкий»; если и он «низкий» — зона внимания' END
           || ' (не «низкий» — ИОР выше ' || round(100 * cfg('shnor_low_percentile'))::INTEGER || '-го процентиля и не ниже ' || ru2(cfg('shnor_median_ratio'))
           || ' медианы ' || area_gen(ref_area) || ', доля «2» на ВПР ниже ' || round(100 * cfg('shnor_fail_percentile'))::INTEGER || '-го процентиля; год без данных не считается ни «низким», ни обычным).'
           || CASE WHEN in_zone THEN ' Выход из программы (§8.2) строже: ' || cfg('programme_exit_years')::INTEGER || ' года подряд не «низкий».' ELSE '' END AS exit_criterion
  FROM shnor WHERE data_year AND (in_zone OR coalesce(is_low, false))
), obj_year AS (
  -- The texts are aggregated with FILTER, not CASE: an ordered aggregate sorts every row it is given, NULLs included
  -- (4.2 s against 0.4 s at 5000 ОО).
  SELECT school_code, school_year, left(school_year, 4)::INTEGER AS y,
         count(*) FILTER (f2) AS works_f2,
         string_agg(subject || ', ' || grade || ' кл.' || sitting_note(session, school_year) || ': понизили ' || ru_pct(p_lowered) || ' при ожидаемых ' || ru_pct(expected_lowered)
           || ' (превышение ' || ru_diff(excess_lowered, 'share') || ', 95% ДИ ' || ru_diff(excess_lo, 'share') || ' … ' || ru_diff(excess_hi, 'share')
           || ', q = ' || replace(printf('%.3f', f2_q), '.', ',') || ')', '; ' ORDER BY subject, grade) FILTER (f2) AS f2_text
  FROM mart_objectivity WHERE NOT insufficient GROUP BY ALL
), obj AS (
  SELECT o.*, lag(works_f2) OVER (PARTITION BY school_code ORDER BY y) AS prev_f2, lag(y) OVER (PARTITION BY school_code ORDER BY y) AS prev_y FROM obj_year o
), obj_flags AS (
  SELECT school_code, school_year, 'Объективность: ВПР и журнал' AS flag,
         CASE WHEN works_f2 >= cfg('objectivity_min_works') OR (works_f2 >= 1 AND prev_y = y - 1 AND prev_f2 >= 1) THEN 'зона внимания' ELSE 'сигнал' END AS flag_level,
         'OBJ-F2' AS rule_id,
         'Признак необъективности текущего оценивания (не вывод): доля понизивших отметку журнала на ВПР выше ожидаемой для такого состава отметок и уровня школы — ' || f2_text AS reason,
         'превышение доли понизивших над ожидаемой незначимо (q ≥ ' || replace(cfg('f2_q')::VARCHAR, '.', ',') || ') или меньше ' || ru_pct(cfg('f2_excess_min')) || ' по всем работам два года подряд.' AS exit_criterion
  -- Absolute F1/F3/F4 fire for a third of schools (methodology §8): shown on the school page, not listed here.
  FROM obj WHERE works_f2 >= 1
), bunch_year AS (
  SELECT school_code, school_year, assessment, left(school_year, 4)::INTEGER AS y,
         count(*) FILTER (q_value < cfg('bunching_q')) AS sig_tests,
         string_agg(subject || sitting_note(session, school_year) || ', порог ' || cut::INTEGER || ': у порога ' || k || ' из ' || m || ' (' || ru_pct(share_at_cut) || ' при ожидаемых ' || ru_pct(q) || ' для ОО такого уровня), q = ' || replace(printf('%.3f', q_value), '.', ','), '; ' ORDER BY subject, cut) FILTER (q_value < cfg('bunching_q')) AS text
  FROM mart_bunching GROUP BY ALL
), bunch AS (
  SELECT b.*, lag(sig_tests) OVER (PARTITION BY school_code, assessment ORDER BY y) AS prev_sig, lag(y) OVER (PARTITION BY school_code, assessment ORDER BY y) AS prev_y FROM bunch_year b
), bunch_flags AS (
  SELECT school_code, school_year, 'Скопление баллов у порогов (' || assessment || ')' AS flag,
         CASE WHEN sig_tests >= cfg('bunching_min_tests') OR (prev_y = y - 1 AND prev_sig >= 1) THEN 'зона внимания' ELSE 'сигнал' END AS flag_level,
         'OBJ-A3' AS rule_id,
         'Признак необъективности (не вывод): избыток первичных баллов на пороге отметки — ' || text AS reason,
         'нет значимого скопления баллов у порогов (q ≥ ' || replace(cfg('bunching_q')::VARCHAR, '.', ',') || ') два года подряд.' AS exit_criterion
  FROM bunch WHERE sig_tests >= 1
), a2_year AS (
  SELECT school_code, school_year, left(school_year, 4)::INTEGER AS y, any_value(ref_area) AS ref_area, count(*) FILTER (a2) AS works,
         string_agg(subject || ', ' || grade || ' кл.' || sitting_note(session, school_year) || ': лёгкие задания ' || ru_diff(easy, 'share') || ', трудные ' || ru_diff(hard, 'share') || ' к ' || area_word(ref_area, 'муниципалитету', 'всем ОО реестра') || ', наклон (логиты) ' || ru2(beta) || ' (t = ' || ru2(t_stat) || ')', '; ' ORDER BY subject, grade) FILTER (a2) AS text
  FROM mart_task_difficulty GROUP BY ALL
), a2 AS (
  SELECT a.*, lag(works) OVER (PARTITION BY school_code ORDER BY y) AS prev_works, lag(y) OVER (PARTITION BY school_code ORDER BY y) AS prev_y FROM a2_year a
), a2_flags AS (
  SELECT school_code, school_year, 'Инверсия трудности заданий (ВПР)' AS flag,
         CASE WHEN prev_y = y - 1 AND prev_works >= cfg('a2_min_works') THEN 'зона внимания' ELSE 'сигнал' END AS flag_level,
         'OBJ-A2' AS rule_id,
         'Признак необъективности (не вывод): относительно ' || area_gen(ref_area) || ' трудные задания выполнены лучше лёгких — ' || text AS reason,
         'Признак A2 не наблюдается в двух и более работах года.' AS exit_criterion
  FROM a2 WHERE works >= cfg('a2_min_works')
), cohort_flags AS (
  -- One row per school × year; only compulsory ОГЭ subjects reach flag_level (mart_cohort §2.4).
  SELECT school_code, school_year, 'Объективность: ВПР и ОГЭ' AS flag,
         CASE WHEN bool_or(flag_level = 'зона внимания') THEN 'зона внимания' ELSE 'сигнал' END AS flag_level, 'OBJ-COHORT-DKU' AS rule_id,
         'Признак необъективности (не вывод): разрыв КУ ВПР и ОГЭ одной когорты больше муниципального — '
           || string_agg(subject || ': КУ на ВПР-' || vpr_grade || ' (' || vpr_year || ') ' || ru_pct(ku_vpr) || ', на ОГЭ (' || school_year || ') ' || ru_pct(ku_gia)
                || ', разрыв ' || ru_diff(dku, 'share') || ' при ' || ru_diff(dku_municipality, 'share') || area_word(ref_area, ' в муниципалитете', ' у всех ОО реестра') || '; превышение ' || ru_diff(dku_excess, 'share')
                || ' (95% ДИ ' || ru_diff(dku_lo, 'share') || ' … ' || ru_diff(dku_hi, 'share') || ', q = ' || replace(printf('%.3f', q_value), '.', ',')
                || CASE WHEN flag_level = 'сигнал' THEN ' — незначимо' ELSE '' END || ')', '; ' ORDER BY subject) AS reason,
         'превышение разрыва КУ ВПР и ОГЭ над ' || area_word(any_value(ref_area), 'муниципальным', 'разрывом всех ОО реестра') || ' меньше ' || round(100 * cfg('cohort_dku_excess'))::INTEGER || ' п.п. по русскому языку и математике'
           || CASE WHEN bool_or(flag_level = 'зона внимания') THEN '; незначимое превышение (q ≥ ' || replace(cfg('cohort_q')::VARCHAR, '.', ',') || ') — «сигнал», не зона внимания' ELSE '' END
           || '.' AS exit_criterion
  FROM mart_cohort WHERE flag_dku GROUP BY school_code, school_year
), improving AS (
  SELECT school_code, school_year, ref_area, ior, ior_pct,
         regr_slope(ior_pct, left(school_year, 4)::INTEGER) OVER w AS slope, count(*) OVER w AS years,
         first_value(ior) OVER w AS ior_first, first_value(ior_pct) OVER w AS pct_first, first_value(school_year) OVER w AS year_first
  FROM mart_index
  WINDOW w AS (PARTITION BY school_code ORDER BY left(school_year, 4)::INTEGER RANGE BETWEEN (cfg('improving_years')::INTEGER - 1) PRECEDING AND CURRENT ROW)
), improving_flags AS (
  SELECT school_code, school_year, 'Положительная динамика' AS flag, 'информация' AS flag_level, 'TREND-UP' AS rule_id,
         'ИОР растёт: ' || ru2(ior_first) || ' (' || year_first || ') → ' || ru2(ior) || ' (' || school_year || '); процентиль ' || area_word(ref_area, 'в муниципалитете ', 'среди всех ОО реестра ')
           || ru2(pct_first) || ' → ' || ru2(ior_pct) || ', тренд +' || ru2(slope) || ' в год' AS reason,
         'Снимается, если тренд процентиля ИОР за ' || cfg('improving_years')::INTEGER || ' года меньше +' || ru2(cfg('improving_min_slope')) || ' в год.' AS exit_criterion
  FROM improving WHERE years >= cfg('improving_years') AND slope >= cfg('improving_min_slope') AND ior > ior_first
), context AS (
  SELECT s.school_code, a.context_area, (percent_rank() OVER w_ovz + percent_rank() OVER w_nonnative
           + (s.settlement_type = 'село')::INTEGER) / 3 AS ctx_score, s.ovz_share, s.nonnative_share, s.settlement_type
  FROM stg_schools s LEFT JOIN mart_school_areas a USING (school_code) WHERE s.ovz_share IS NOT NULL OR s.nonnative_share IS NOT NULL
  WINDOW w_ovz AS (PARTITION BY a.context_area ORDER BY coalesce(s.ovz_share, 0)), w_nonnative AS (PARTITION BY a.context_area ORDER BY coalesce(s.nonnative_share, 0))
), context_cut AS (
  SELECT context_area, quantile_cont(ctx_score, cfg('hard_context_percentile')) AS cut FROM context GROUP BY ALL
), context_flags AS (
  SELECT i.school_code, i.school_year,
         CASE WHEN i.ior_pct >= cfg('resilient_ior_pct') THEN 'Резильентная школа' ELSE 'ШНСУ' END AS flag, 'информация' AS flag_level,
         CASE WHEN i.ior_pct >= cfg('resilient_ior_pct') THEN 'CTX-RESILIENT' ELSE 'CTX-SHNSU' END AS rule_id,
         'Сложные условия: доля ОВЗ ' || ru_pct(coalesce(c.ovz_share, 0)) || ', русский не родной ' || ru_pct(coalesce(c.nonnative_share, 0))
           || ', ' || coalesce(c.settlement_type, 'тип поселения не указан') || '; процентиль ИОР ' || ru2(i.ior_pct) AS reason,
         'Информационная отметка: снимается при изменении контекстных данных реестра.' AS exit_criterion
  FROM mart_index i JOIN context c USING (school_code) JOIN context_cut k USING (context_area)
  WHERE c.ctx_score >= k.cut
), all_flags AS (
  SELECT * FROM shnor_flags UNION ALL SELECT * FROM obj_flags UNION ALL SELECT * FROM bunch_flags
  UNION ALL SELECT * FROM a2_flags UNION ALL SELECT * FROM cohort_flags UNION ALL SELECT * FROM improving_flags UNION ALL SELECT * FROM context_flags
)
-- How many schools each rule selects out of how many have an ИОР: within the school's municipality (the committee's view).
SELECT f.school_code, a.municipality, f.school_year, f.flag, f.flag_level, f.rule_id, (SELECT value_text FROM cfg_meta WHERE key = 'version') AS rule_version,
       -- Every rule here is a reconstruction, not an official norm: the reason says so wherever it is shown or exported.
       f.reason || ' (правило [R])' AS reason, f.exit_criterion,
       count(*) OVER (PARTITION BY f.school_year, f.flag, f.flag_level, a.municipality) AS selected_schools,
       (SELECT count(DISTINCT m.school_code) FROM mart_index m LEFT JOIN mart_school_areas ma USING (school_code)
        WHERE m.school_year = f.school_year AND ma.municipality IS NOT DISTINCT FROM a.municipality) AS eligible_schools
FROM all_flags f LEFT JOIN mart_school_areas a USING (school_code)
