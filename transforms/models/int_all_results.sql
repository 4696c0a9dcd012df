-- Present participants of every school in the loaded files — the registry's (in_registry) and the others of the region —
-- with the share-of-max primary score and the «below minimum» flag
-- (ВПР/ОГЭ/базовая математика: «2»; ЕГЭ: test score below the minimum — for the attestat when one is set, else for university).
-- The per-task lists stay in int_pupil_results: copying them into every row was half of the build time at 1000 schools.
-- So do the columns no model reads (the file's school id and name, variant, status, mark_from_scale): writing the
-- strings of millions of rows is what a table model costs most.
WITH regions AS (
  -- The region of each registry school from its logins, once per school (per row it was a quarter of the build).
  SELECT school_code, coalesce(login_region(fisoko_login), login_region(fisoko_login_old)) AS region_code FROM stg_schools
), years AS (
  SELECT DISTINCT school_year FROM int_pupil_results WHERE assessment = 'ЕГЭ'
), tables AS (
  -- The minimum-score table valid in the year: the latest valid_from not after it; years before the first table
  -- use the first one (the minima have been stable since; docs/methodology.md §1).
  SELECT y.school_year, m.assessment, m.subject,
         coalesce(max(m.valid_from) FILTER (m.valid_from <= y.school_year), min(m.valid_from)) AS valid_from
  FROM years y CROSS JOIN min_scores m GROUP BY ALL
), mins AS (
  SELECT t.school_year, m.assessment, m.subject, arg_min(m.min_score, CASE m.purpose WHEN 'аттестат' THEN 0 ELSE 1 END) AS min_score
  FROM tables t JOIN min_scores m USING (assessment, subject, valid_from) GROUP BY ALL
), sittings AS (
  -- ГИА attempt: the pupil's sittings of the subject in the year (main period, reserve days, September) ordered by
  -- exam date; 1 = the first sitting whenever it was, 2+ = retakes. Every ГИА metric reads attempt = 1 only. Ranked
  -- over the distinct sittings of keyed ГИА rows only: a window over every wide result row spilled to disk and took
  -- most of the build at 1000 schools.
  SELECT school_code, pupil_key, school_year, assessment, subject, exam_date,
         dense_rank() OVER (PARTITION BY school_code, pupil_key, school_year, assessment, subject ORDER BY exam_date)::INTEGER AS attempt
  FROM (SELECT DISTINCT school_code, pupil_key, school_year, assessment, subject, exam_date FROM int_pupil_results
        WHERE status = 'present' AND assessment IN ('ОГЭ', 'ЕГЭ') AND pupil_key IS NOT NULL AND exam_date IS NOT NULL)
)
SELECT r.* EXCLUDE (task_labels, task_max, task_scores, school_ref, school_name, variant, mark_from_scale, status),
       r.primary_score / nullif(r.max_score, 0) AS primary_pct,
       CASE WHEN r.assessment = 'ЕГЭ' AND r.test_score IS NOT NULL THEN r.test_score < m.min_score
            ELSE r.mark = 2 END AS below_min,
       -- A row without a pupil key (no name in the protocol) or without a date cannot be matched: it is a first attempt.
       -- Same-date rows of one key (namesakes in one school) are all first attempts. ВПР rows are all 1.
       coalesce(g.attempt, 1) AS attempt,
       -- The region of the school: from its ФИС ОКО login (the file's or the registry's); NULL when no id tells it.
       coalesce(login_region(r.school_ref), CASE WHEN r.in_registry THEN s.region_code END) AS region_code
FROM int_pupil_results r
-- An equi-join: `r.in_registry AND …` in the ON clause made DuckDB compare every pair (most of the build at 1000 ОО).
LEFT JOIN regions s ON s.school_code = r.school_code
LEFT JOIN mins m ON m.assessment = r.assessment AND m.subject = r.subject AND m.school_year = r.school_year
LEFT JOIN sittings g ON g.school_code IS NOT DISTINCT FROM r.school_code AND g.pupil_key = r.pupil_key
  AND g.school_year = r.school_year AND g.assessment = r.assessment AND g.subject = r.subject AND g.exam_date = r.exam_date
WHERE r.status = 'present'
