-- Threshold-bunching tests (A3) of one school and year.
SELECT assessment, subject, grade, session, cut, k, m, q, share_at_cut, p_value, q_value
FROM mart_bunching
WHERE school_code = $code AND school_year = $year
ORDER BY assessment, subject, grade, session DESC, cut
