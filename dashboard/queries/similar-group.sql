-- Every school with how it matches the given one (type, settlement, size band), and the minimum group size in force:
-- data/similar.ts takes the narrowest group with enough other schools (same type, settlement and size band → without
-- the size band → the same settlement → the municipality).
WITH banded AS (
  SELECT school_code, coalesce(short_name, name) AS short_name, school_type, settlement_type, enrolment,
         CASE WHEN enrolment IS NULL THEN 'нет данных' WHEN enrolment < 200 THEN 'до 200' WHEN enrolment < 500 THEN '200–499'
              WHEN enrolment < 1000 THEN '500–999' ELSE '1000 и более' END AS size_band
  FROM schools
), me AS (SELECT * FROM banded WHERE school_code = $code)
SELECT b.school_code, b.short_name, b.school_type, b.settlement_type, b.enrolment, b.size_band, b.school_code = $code AS is_self,
       b.school_type IS NOT DISTINCT FROM me.school_type AS same_type,
       b.settlement_type IS NOT DISTINCT FROM me.settlement_type AS same_settlement,
       b.size_band = me.size_band AS same_size,
       cfg('similar_min_group') AS min_group
FROM banded b, me
ORDER BY b.short_name
