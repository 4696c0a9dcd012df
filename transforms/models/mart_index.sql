-- ИОР (§3 [R]): components winsorised at P2/P98 within the year, min–max normalised (direction-aware),
-- averaged within blocks (ВПР, ОГЭ, ЕГЭ), blocks averaged with equal weights renormalised over the blocks present.
-- Bounds and percentiles are those of the school's reference area (mart_school_areas.index_area).
WITH c AS (
  SELECT c.*, a.index_area AS ref_area
  FROM int_ior_components c LEFT JOIN mart_school_areas a USING (school_code) WHERE c.n >= cfg('min_n')
), bounds AS (
  SELECT school_year, ref_area, component, quantile_cont(value, cfg('ior_winsor_low')) AS lo, quantile_cont(value, cfg('ior_winsor_high')) AS hi
  FROM c GROUP BY ALL
), norm AS (
  SELECT c.*, b.lo, b.hi,
         CASE WHEN b.hi > b.lo THEN
           CASE WHEN c.direction > 0 THEN (least(greatest(c.value, b.lo), b.hi) - b.lo) / (b.hi - b.lo)
                ELSE (b.hi - least(greatest(c.value, b.lo), b.hi)) / (b.hi - b.lo) END
           ELSE 0.5 END AS x
  FROM c JOIN bounds b USING (school_year, ref_area, component)
), blocks AS (
  SELECT school_code, school_year, ref_area, block, avg(x) AS block_score FROM norm GROUP BY ALL
), idx AS (
  SELECT school_code, school_year, ref_area, avg(block_score) AS ior, count(*) AS blocks,
         max(block_score) FILTER (block = 'ВПР') AS block_vpr, max(block_score) FILTER (block = 'ОГЭ') AS block_oge,
         max(block_score) FILTER (block = 'ЕГЭ') AS block_ege
  FROM blocks GROUP BY ALL
), comps AS (
  SELECT school_code, school_year,
         max(value) FILTER (component = 'vpr_ku') AS vpr_ku, max(value) FILTER (component = 'vpr_fail') AS vpr_fail,
         max(value) FILTER (component = 'oge_pct') AS oge_pct, max(value) FILTER (component = 'oge_fail') AS oge_fail,
         max(value) FILTER (component = 'ege_score') AS ege_score, max(value) FILTER (component = 'ege_fail') AS ege_fail
  FROM c GROUP BY ALL
)
SELECT i.school_code, i.school_year, i.ref_area, i.ior, i.blocks, i.block_vpr, i.block_oge, i.block_ege,
       p.vpr_ku, p.vpr_fail, p.oge_pct, p.oge_fail, p.ege_score, p.ege_fail,
       -- Rounded as in mart_cohort: equal ИОР stay tied whatever order DuckDB summed their components in.
       percent_rank() OVER (PARTITION BY i.school_year, i.ref_area ORDER BY round(i.ior, 9)) AS ior_pct,
       i.ior - lag(i.ior) OVER (PARTITION BY i.school_code ORDER BY i.school_year) AS ior_change,
       count(*) OVER (PARTITION BY i.school_year, i.ref_area) AS schools_in_year
FROM idx i JOIN comps p USING (school_code, school_year)
