-- Programme targets for people (the weekly справка's «Целевые показатели» sheet, /export/targets.*): the indicator's
-- Russian caption from the catalogue or the school's own indicator instead of its id (ege_below_min_share), the unit and
-- direction in words, values rounded to the unit's precision (shares and indices stay fractions 0…1, as in every export); the id stays in the last column for analysts.
WITH t AS (
  SELECT m.school_code, m.school_year, m.indicator AS indicator_id, m.subject, m.grade, m.baseline, m.planned, m.actual, m.achieved, m.gap,
         m.caption, m.unit, m.direction
  FROM mart_targets m
), r AS (
  SELECT *, CASE unit WHEN 'mark' THEN 2 WHEN 'score' THEN 1 WHEN 'count' THEN 1 ELSE 3 END AS digits FROM t
)
SELECT school_code, school_year,
       regexp_replace(caption, ',\s*%$', '') AS indicator, subject, grade,
       CASE unit WHEN 'share' THEN 'доля (0–1)' WHEN 'index' THEN 'индекс (0–1)' WHEN 'mark' THEN 'отметка' WHEN 'score' THEN 'балл'
                 WHEN 'count' THEN 'количество' ELSE coalesce(unit, '') END AS unit,
       CASE direction WHEN 'lower-better' THEN 'лучше — меньше' WHEN 'higher-better' THEN 'лучше — больше' END AS direction,
       round(baseline, digits) AS baseline, round(planned, digits) AS planned, round(actual, digits) AS actual, achieved,
       round(gap, digits) AS gap, indicator_id
FROM r ORDER BY school_code, school_year, indicator, subject, grade
