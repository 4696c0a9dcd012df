-- cache: build
-- Mark cut-offs of the ВПР works the school wrote in the year, and the threshold-bunching tests for them;
-- a work's scale is that of its КИМ (autumn 2020: 2019/20, int_results.scale_year).
SELECT DISTINCT r.subject, r.grade, r.kim_grade, r.session, s.mark3_min, s.mark4_min, s.mark5_min, s.max_score
FROM int_results r
JOIN scale_vpr s ON s.school_year = r.scale_year AND s.subject = r.subject AND s.kim_grade = r.kim_grade
WHERE r.school_code = $code AND r.school_year = $year AND r.assessment = 'ВПР'
ORDER BY r.subject, r.grade
