-- Pupils at risk of one school and year, by anonymous code only.
SELECT pupil_code, class_name, reasons_count, reasons
FROM mart_pupils_at_risk
WHERE school_code = $code AND school_year = $year
ORDER BY reasons_count DESC, class_name, pupil_code
