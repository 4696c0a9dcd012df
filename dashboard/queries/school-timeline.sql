-- Trend series of one school per year beside the municipal median and IQR (every year the reference has).
SELECT r.metric, r.school_year, s.value, s.lo, s.hi, s.n, coalesce(s.insufficient, false) AS insufficient,
       r.median, r.q1, r.q3, r.schools
FROM mart_series_reference r
LEFT JOIN mart_school_series s ON s.school_year = r.school_year AND s.metric = r.metric AND s.school_code = $code
ORDER BY r.metric, r.school_year
