SELECT school_code, school_year, subject, grade, session, compared, lowered, confirmed, raised,
       p_lowered, p_confirmed, p_raised, expected_lowered, excess_lowered, excess_lo, excess_hi, f2_q,
       ni, mean_gap, g2, kappa_w, ni_ref_pct, f1, f2, f3, f4, insufficient
FROM mart_objectivity ORDER BY school_code, school_year, subject, grade, session DESC
