-- ВПР primary-score distribution per work of one school and year, with the municipality's share at each score.
SELECT subject, grade, kim_grade, session, score, n, municipal_share, share
FROM mart_score_distribution
WHERE school_code = $code AND school_year = $year
ORDER BY subject, grade, session DESC, score
