-- Present participants only, with the share-of-max primary score and the «below minimum» flag
-- (ВПР/ОГЭ/базовая математика: «2»; ЕГЭ: test score below the minimum — for the attestat when one is set, else for university).
-- The per-task lists stay in stg_pupil_results: copying them into every row was half of the build time at 1000 schools.
WITH mins AS (
  SELECT assessment, subject, arg_min(min_score, CASE purpose WHEN 'аттестат' THEN 0 ELSE 1 END) AS min_score
  FROM min_scores GROUP BY assessment, subject
)
SELECT r.* EXCLUDE (task_labels, task_max, task_scores), r.primary_score / nullif(r.max_score, 0) AS primary_pct,
       CASE WHEN r.assessment = 'ЕГЭ' AND r.test_score IS NOT NULL THEN r.test_score < m.min_score
            ELSE r.mark = 2 END AS below_min,
       -- ГИА attempt: the pupil's sittings of the subject in the year (main period, reserve days, September) ordered by
       -- exam date; 1 = the first sitting whenever it was, 2+ = retakes. Every ГИА metric reads attempt = 1 only.
       -- A row without a pupil key (no name in the protocol) or without a date cannot be matched: it is a first attempt.
       -- Same-date rows of one key (namesakes in one school) are all first attempts. ВПР rows are all 1.
       CASE WHEN r.assessment IN ('ОГЭ', 'ЕГЭ') AND r.pupil_key IS NOT NULL AND r.exam_date IS NOT NULL
            THEN dense_rank() OVER (PARTITION BY r.pupil_key, r.school_year, r.assessment, r.subject ORDER BY r.exam_date)
            ELSE 1 END::INTEGER AS attempt
FROM stg_pupil_results r
LEFT JOIN mins m ON m.assessment = r.assessment AND m.subject = r.subject
WHERE r.status = 'present'
