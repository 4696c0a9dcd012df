-- Mark cut-offs of the ВПР works each school wrote in a year; a work's scale is that of its КИМ (autumn 2020:
-- 2019/20, int_results.scale_year).
SELECT DISTINCT r.school_code, r.school_year, r.subject, r.grade, r.kim_grade, r.session,
       s.mark3_min, s.mark4_min, s.mark5_min, s.max_score
FROM int_results r
JOIN scale_vpr s ON s.school_year = r.scale_year AND s.subject = r.subject AND s.kim_grade = r.kim_grade
WHERE r.assessment = 'ВПР'
