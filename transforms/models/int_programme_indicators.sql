-- One definition per school × indicator: a programme file may name an indicator on several rows (subjects, grades);
-- the latest upload's wording wins.
SELECT school_code, indicator, arg_max(caption, upload_id) AS caption, arg_max(unit, upload_id) AS unit,
       arg_max(direction, upload_id) AS direction
FROM stg_programme_indicators
GROUP BY ALL
