-- Trend series of one school per year beside the median and IQR of its reference area (every year the reference has).
SELECT r.metric, r.school_year, s.value, s.lo, s.hi, s.n, coalesce(s.insufficient, false) AS insufficient,
       r.median, r.q1, r.q3, r.schools
FROM mart_series_reference r
JOIN mart_school_areas a ON a.school_page_area = r.ref_area AND a.school_code = $code
LEFT JOIN mart_school_series s ON s.school_year = r.school_year AND s.metric = r.metric AND s.school_code = $code
ORDER BY r.metric, r.school_year
