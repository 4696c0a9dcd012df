-- The region reference from per-pupil results (first attempts), per region × year × assessment × subject × grade ×
-- sitting: for each region that loaded files show schools outside the registry of (the region of a ФИС ОКО login),
-- every school of that region — the municipality's own included, as in ФИС ОКО's «регион» rows; schools outside
-- the registry whose region no identifier tells form one group «ОО вне реестра». Never read by municipal marts.
WITH outside AS (
  SELECT DISTINCT region_code FROM int_all_results WHERE NOT in_registry
), r AS (
  SELECT a.*, CASE WHEN a.region_code IS NULL THEN 'ОО вне реестра' ELSE 'Регион ' || a.region_code END AS area_name
  FROM int_all_results a JOIN outside o ON o.region_code IS NOT DISTINCT FROM a.region_code
  WHERE a.attempt = 1 AND (a.region_code IS NOT NULL OR NOT a.in_registry)
)
SELECT area_name, school_year, assessment, subject, grade, session, count(DISTINCT school_code) AS schools,
       count(*) AS participants, count(*) FILTER (mark = 2) AS n2, count(*) FILTER (mark = 3) AS n3,
       count(*) FILTER (mark = 4) AS n4, count(*) FILTER (mark = 5) AS n5,
       avg(mark) AS mean_mark, avg(primary_pct) AS mean_primary_pct, avg(test_score) AS mean_test_score,
       count(*) FILTER (below_min) AS n_below_min, count(below_min) AS n_min_known
FROM r GROUP BY ALL
