-- One row per school for the year: registry data, ИОР with its change and components, КУ/ОУ on ВПР (all works);
-- $mo — one municipality of the registry (NULL: every school).
WITH codes AS (
  SELECT school_code FROM schools
  UNION SELECT school_code FROM mart_index WHERE school_year = $year
), vpr AS (
  SELECT school_code, sum(participants) AS vpr_n,
         sum(n4 + n5) / nullif(sum(marked), 0) AS ku,
         sum(n3 + n4 + n5) / nullif(sum(marked), 0) AS ou
  FROM mart_school_metrics
  WHERE area_level = 'school' AND assessment = 'ВПР' AND school_year = $year
  GROUP BY school_code
)
SELECT c.school_code, coalesce(s.name, c.school_code) AS name, coalesce(s.short_name, s.name, c.school_code) AS short_name,
       s.school_type, s.settlement_type, s.enrolment,
       i.ior, i.ior_change, i.ior_pct, i.vpr_ku, i.vpr_fail, i.oge_pct, i.oge_fail, i.ege_score, i.ege_fail,
       v.ku, v.ou, v.vpr_n, v.vpr_n < cfg('min_n') AS vpr_insufficient
FROM codes c
LEFT JOIN schools s USING (school_code)
LEFT JOIN mart_index i ON i.school_code = c.school_code AND i.school_year = $year
LEFT JOIN vpr v ON v.school_code = c.school_code
WHERE $mo::VARCHAR IS NULL OR s.municipality = $mo
ORDER BY coalesce(s.short_name, s.name, c.school_code)
