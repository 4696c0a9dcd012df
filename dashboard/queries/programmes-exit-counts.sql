-- Exit criteria met per school in its latest school year.
SELECT school_code, max(school_year) AS school_year,
       count(*) FILTER (WHERE met) AS met, count(*) AS total
FROM mart_programme_exit e
WHERE school_year = (SELECT max(school_year) FROM mart_programme_exit x WHERE x.school_code = e.school_code)
GROUP BY school_code
