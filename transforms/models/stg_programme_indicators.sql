-- Indicators a school defined itself; one row per school × indicator (the latest upload wins on re-import).
SELECT coalesce(i.school_code, i.school_ref) AS school_code, i.indicator, arg_max(i.caption, i.upload_id) AS caption,
       arg_max(i.unit, i.upload_id) AS unit, arg_max(i.direction, i.upload_id) AS direction
FROM programme_indicators i
GROUP BY ALL
