-- Which registry schools lack an expected item for the school year ($school_year) whose due date has passed.
-- $items is a list of 'item|assessment|grade-or-empty' strings from the calendar in config/app.json.
WITH expected AS (
  SELECT split_part(x, '|', 1) AS item, split_part(x, '|', 2) AS assessment, nullif(split_part(x, '|', 3), '')::INTEGER AS grade
  FROM unnest($items) t(x)
), have AS (
  SELECT DISTINCT school_code, assessment, grade FROM mart_school_metrics WHERE area_level = 'school' AND school_year = $school_year
)
SELECT s.school_code, s.short_name, e.item
FROM stg_schools s CROSS JOIN expected e
WHERE NOT EXISTS (SELECT 1 FROM have h WHERE h.school_code = s.school_code AND h.assessment = e.assessment AND (e.grade IS NULL OR h.grade = e.grade))
  -- ООШ have no grade 11: ЕГЭ is not expected from them.
  AND NOT (e.assessment = 'ЕГЭ' AND coalesce(s.school_type, '') IN ('ООШ', 'НОШ'))
  AND NOT (e.assessment = 'ОГЭ' AND coalesce(s.school_type, '') = 'НОШ')
ORDER BY s.school_code, e.item
