-- The ШНОР «low year» rule (§4 [R]) per school × year, shared by the flags (entry) and the programme exit criteria (exit).
WITH idx AS (
  SELECT i.*, left(school_year, 4)::INTEGER AS y,
         quantile_cont(ior, cfg('shnor_low_percentile')) OVER (PARTITION BY school_year) AS ior_cut,
         quantile_cont(vpr_fail, cfg('shnor_fail_percentile')) OVER (PARTITION BY school_year) AS fail_cut,
         cfg('shnor_median_ratio') * median(ior) OVER (PARTITION BY school_year) AS median_cut
  FROM mart_index i
), fail AS (
  SELECT *, coalesce(vpr_fail >= fail_cut AND vpr_fail > 0, false) AS fail_low FROM idx
)
SELECT *, coalesce(ior <= ior_cut OR ior < median_cut, false) OR fail_low AS is_low FROM fail
