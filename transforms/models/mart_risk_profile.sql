-- Anti-risk factors (§5, factor names [M], indicator mapping [R]) that the committee's data can measure.
-- Level per indicator: «высокий» at or above P75 of the municipality's schools (cfg risk_high_percentile); percentiles
-- are taken within the school's reference area (risk_area).
WITH areas AS (
  SELECT school_code, risk_area AS ref_area FROM mart_school_areas
), journal AS (
  SELECT school_code, school_year, share AS v FROM int_failing_pupils
), vpr AS (
  SELECT school_code, school_year, avg((mark = 2)::INTEGER) AS fail, count(*) AS n FROM int_results
  WHERE assessment = 'ВПР' AND session IS DISTINCT FROM 'осень' GROUP BY ALL -- the year's (spring) sitting
), obj AS (
  SELECT school_code, school_year, sum(lowered) / sum(compared) AS lowered FROM mart_objectivity GROUP BY ALL
), oge AS (
  SELECT school_code, school_year, avg(below_min::INTEGER) AS v FROM int_results WHERE assessment = 'ОГЭ' AND attempt = 1 GROUP BY ALL
), classes AS (
  -- ВПР class results below the municipality's P25 for the same work: a proxy for teaching difficulties.
  SELECT school_code, school_year, avg((pct < cfg('risk_class_percentile'))::INTEGER) AS v FROM (
    SELECT r.school_code, r.school_year, percent_rank() OVER (PARTITION BY a.ref_area, r.school_year, r.subject, r.grade, r.session ORDER BY round(avg(r.primary_pct), 9)) AS pct
    FROM int_results r LEFT JOIN areas a USING (school_code) WHERE r.assessment = 'ВПР' AND r.class_name IS NOT NULL
    GROUP BY r.school_code, a.ref_area, r.school_year, r.subject, r.grade, r.session, r.class_name HAVING count(*) >= cfg('risk_class_min_n')
  ) GROUP BY ALL
), years AS (
  -- Years with an ИОР or with a journal: a school whose ВПР/ГИА groups are too small for the ИОР still has a profile.
  SELECT school_code, school_year FROM mart_index UNION SELECT school_code, school_year FROM int_failing_pupils
), ind AS (
  SELECT y.school_code, y.school_year, 3 AS factor_no, 'Недостаточная предметная и методическая компетентность педагогов' AS factor,
         'Доля классов с результатом ВПР ниже 25-го процентиля муниципалитета' AS indicator, c.v AS value
  FROM years y LEFT JOIN classes c USING (school_code, school_year)
  UNION ALL
  SELECT y.school_code, y.school_year, 4, 'Риски низкой адаптивности учебного процесса', 'Доля понизивших отметку на ВПР относительно журнала', o.lowered
  FROM years y LEFT JOIN obj o USING (school_code, school_year)
  UNION ALL
  SELECT y.school_code, y.school_year, 6, 'Низкое качество преодоления языковых и культурных барьеров', 'Доля обучающихся, для которых русский язык не родной', s.nonnative_share
  FROM years y LEFT JOIN stg_schools s USING (school_code)
  UNION ALL
  SELECT y.school_code, y.school_year, 7, 'Высокая доля обучающихся с рисками учебной неуспешности', 'Доля обучающихся с «2» или «н/а» за четверть или год', j.v
  FROM years y LEFT JOIN journal j USING (school_code, school_year)
  UNION ALL
  SELECT y.school_code, y.school_year, 7, 'Высокая доля обучающихся с рисками учебной неуспешности', 'Доля «2» на ВПР', v.fail
  FROM years y LEFT JOIN vpr v USING (school_code, school_year)
  UNION ALL
  SELECT y.school_code, y.school_year, 7, 'Высокая доля обучающихся с рисками учебной неуспешности', 'Доля результатов ОГЭ ниже минимума', g.v
  FROM years y LEFT JOIN oge g USING (school_code, school_year)
  UNION ALL
  SELECT y.school_code, y.school_year, 10, 'Высокая доля обучающихся с ОВЗ', 'Доля обучающихся с ОВЗ', s.ovz_share
  FROM years y LEFT JOIN stg_schools s USING (school_code)
)
SELECT school_code, ref_area, school_year, factor_no, factor, indicator, value,
       CASE WHEN value IS NOT NULL THEN percent_rank() OVER w END AS pct,
       CASE WHEN value IS NULL THEN 'нет данных'
            WHEN percent_rank() OVER w >= cfg('risk_high_percentile') THEN 'высокий'
            WHEN percent_rank() OVER w >= 0.5 THEN 'средний'
            ELSE 'низкий' END AS risk_level,
       cfg('risk_high_percentile') AS high_percentile -- the threshold in force, for the page's legend
FROM ind LEFT JOIN areas USING (school_code)
WINDOW w AS (PARTITION BY ref_area, school_year, indicator ORDER BY round(value, 9))
