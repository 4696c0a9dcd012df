-- The ШНОР «low year» rule (§4 [R]) per school × year, shared by the flags (entry) and the programme exit criteria (exit).
-- Cuts are those of the school's reference area (mart_school_areas.shnor_area) in the year.
WITH idx AS (
  SELECT i.* EXCLUDE (ref_area), a.shnor_area AS ref_area, left(i.school_year, 4)::INTEGER AS y,
         quantile_cont(i.ior, cfg('shnor_low_percentile')) OVER w AS ior_cut,
         quantile_cont(i.vpr_fail, cfg('shnor_fail_percentile')) OVER w AS fail_cut,
         cfg('shnor_median_ratio') * median(i.ior) OVER w AS median_cut
  FROM mart_index i LEFT JOIN mart_school_areas a USING (school_code)
  WINDOW w AS (PARTITION BY i.school_year, a.shnor_area)
), fail AS (
  SELECT *, coalesce(vpr_fail >= fail_cut AND vpr_fail > 0, false) AS fail_low FROM idx
)
SELECT *, coalesce(ior <= ior_cut OR ior < median_cut, false) OR fail_low AS is_low FROM fail
