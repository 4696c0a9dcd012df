-- Exit criteria (ШНОР list) of one school with the distance to each, in the criterion's unit.
SELECT school_year, criterion_id, criterion, indicator, unit, threshold, value, distance, met
FROM mart_programme_exit
WHERE school_code = $code
ORDER BY school_year DESC, criterion_no
