-- ВПР of one school and year beside its own municipality and its region, work by work (subject × grade × sitting), as
-- ФИС ОКО's reports put them. The region is the regional area with the most participants in the work (a municipality
-- lies in one region; «ОО вне реестра» with no known region is not one); NULL where no regional file gives it.
WITH own AS (
  SELECT subject, grade, session, participants, ku, share_2, mean_mark, coalesce(municipality, 'Все ОО') AS municipality
  FROM mart_school_metrics
  WHERE area_level = 'school' AND school_code = $code AND school_year = $year AND assessment = 'ВПР' AND subject IS NOT NULL AND grade IS NOT NULL
), area AS (
  SELECT area_level, area_name, subject, grade, session, participants, ku, share_2, mean_mark
  FROM mart_school_metrics
  WHERE area_level IN ('municipality', 'region') AND school_year = $year AND assessment = 'ВПР' AND area_name <> 'ОО вне реестра'
    AND (area_level = 'region' OR area_name IN (SELECT municipality FROM own))
  QUALIFY row_number() OVER (PARTITION BY area_level, subject, grade, session ORDER BY participants DESC, area_name) = 1
)
SELECT o.subject, o.grade, o.session, o.participants, o.ku, o.share_2, o.mean_mark,
       m.ku AS mun_ku, m.share_2 AS mun_share_2, m.mean_mark AS mun_mean,
       r.area_name AS region_name, r.participants AS region_participants, r.ku AS region_ku, r.share_2 AS region_share_2, r.mean_mark AS region_mean
FROM own o
LEFT JOIN area m ON m.area_level = 'municipality' AND m.subject = o.subject AND m.grade = o.grade AND m.session IS NOT DISTINCT FROM o.session
LEFT JOIN area r ON r.area_level = 'region' AND r.subject = o.subject AND r.grade = o.grade AND r.session IS NOT DISTINCT FROM o.session
ORDER BY o.grade, o.subject, o.session
