SELECT coalesce(r.school_code, r.school_ref) AS school_code, r.school_year, r.term, r.indicator, r.value
FROM reported_values r
