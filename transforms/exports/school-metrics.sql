SELECT school_code, school_year, assessment, subject, grade, session, participants, marked, mean_mark, ku, ou, sou,
       area_level, area_name, n2, n3, n4, n5, n_na, mean_primary_pct, mean_test_score, share_2, share_below_min,
       ku_lo, ku_hi, ou_lo, ou_hi, share_2_lo, share_2_hi, insufficient, retakes, retake_passed
FROM mart_school_metrics
ORDER BY area_level DESC, school_code, area_name, school_year, assessment, subject, grade, session DESC
