SELECT coalesce(ids.school_code, r.school_ref) AS school_code, r.school_year, r.term, r.indicator, r.value
FROM reported_values r
LEFT JOIN school_ids ids ON ids.id_value = norm_id(r.school_ref)
