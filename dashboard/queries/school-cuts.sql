-- Mark cut-offs of the ВПР works the school wrote in the year.
SELECT subject, grade, kim_grade, session, mark3_min, mark4_min, mark5_min, max_score
FROM mart_vpr_cuts
WHERE school_code = $code AND school_year = $year
ORDER BY subject, grade
