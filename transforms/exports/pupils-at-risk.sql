SELECT school_code, school_year, pupil_code, class_name, reasons_count, reasons
FROM mart_pupils_at_risk ORDER BY school_code, school_year DESC, class_name, pupil_code
