-- Years with any results for the school, newest first.
SELECT DISTINCT school_year FROM mart_school_metrics WHERE school_code = $code ORDER BY school_year DESC
