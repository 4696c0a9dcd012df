-- The municipal reference of each trend series and year: median and interquartile range over the schools with
-- enough data (min_n participants; ИОР has no count).
SELECT school_year, metric, median(value) AS median, quantile_cont(value, 0.25) AS q1, quantile_cont(value, 0.75) AS q3,
       count(*) AS schools
FROM mart_school_series
WHERE value IS NOT NULL AND NOT insufficient
GROUP BY ALL
