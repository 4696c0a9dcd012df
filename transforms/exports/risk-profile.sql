SELECT school_code, school_year, factor_no, factor, indicator, value, pct, risk_level
FROM mart_risk_profile ORDER BY school_code, school_year, factor_no, indicator
