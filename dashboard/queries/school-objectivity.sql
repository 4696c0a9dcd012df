-- ВПР vs journal per subject × grade × sitting (весна/осень) of one school and year.
SELECT subject, grade, session, compared, lowered, confirmed, raised, p_lowered, p_confirmed, p_raised, p_confirmed_lo, p_confirmed_hi,
       ni, ni_ref_pct, ni_median, mean_gap, g2, kappa_w, expected_lowered, excess_lowered, excess_lo, excess_hi, f2_q,
       insufficient, f1, f2, f3, f4, data_source
FROM mart_objectivity
WHERE school_code = $code AND school_year = $year
ORDER BY subject, grade, session DESC
