-- Indicators a school defined itself, as loaded: a row per upload × school × indicator × file row.
SELECT i.upload_id, coalesce(i.school_code, i.school_ref) AS school_code, i.indicator, i.caption, i.unit, i.direction
FROM programme_indicators i
