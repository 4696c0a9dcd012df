-- Exit criteria of every school (the meeting export).
SELECT e.school_code, coalesce(s.short_name, s.name, e.school_code) AS school_name, e.school_year, e.criterion_id,
       e.criterion, e.indicator, e.unit, e.threshold, e.value, e.distance, e.met
FROM mart_programme_exit e
LEFT JOIN schools s ON s.school_code = e.school_code
ORDER BY school_name, e.school_year DESC, e.criterion_no
