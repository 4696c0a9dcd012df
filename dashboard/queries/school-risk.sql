-- Risk profile of one school and year.
SELECT factor_no, factor, indicator, value, pct, risk_level, high_percentile
FROM mart_risk_profile
WHERE school_code = $code AND school_year = $year
ORDER BY factor_no, indicator
