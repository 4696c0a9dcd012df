-- Indicators a school defined itself; one row per school × indicator (the latest upload wins on re-import).
SELECT coalesce(ids.school_code, i.school_ref) AS school_code, i.indicator, arg_max(i.caption, i.upload_id) AS caption,
       arg_max(i.unit, i.upload_id) AS unit, arg_max(i.direction, i.upload_id) AS direction
FROM programme_indicators i
LEFT JOIN uploads src ON src.upload_id = i.upload_id
LEFT JOIN stg_school_refs ids ON ids.family = coalesce(ref_family(src.format), 'other') AND ids.id_value = norm_id(i.school_ref)
GROUP BY ALL
