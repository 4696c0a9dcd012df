-- The municipal reference of each trend series and year: median and interquartile range over the schools with
-- enough data (min_n participants; ИОР has no count), per reference area (school_page_area).
SELECT a.school_page_area AS ref_area, s.school_year, s.metric, median(s.value) AS median, quantile_cont(s.value, 0.25) AS q1,
       quantile_cont(s.value, 0.75) AS q3, count(*) AS schools
FROM mart_school_series s LEFT JOIN mart_school_areas a USING (school_code)
WHERE s.value IS NOT NULL AND NOT s.insufficient
GROUP BY ALL
