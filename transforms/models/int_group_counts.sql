-- Counts per school × year × assessment × subject × grade (× ВПР sitting), from per-pupil data, journal year marks,
-- and — only where no per-pupil data exists for the slice — from aggregate reports. Per-pupil rows cover every school
-- of the loaded files (in_registry, region_code: schools outside the registry are only the region reference).
WITH pupil AS (
  -- ГИА: first attempts only (int_results.attempt); retakes counted apart as pupils who sat the subject again
  -- in the year, and those of them whose retake reached the minimum. ВПР rows are all first attempts.
  SELECT school_code, school_year, assessment, subject, grade, session, -- session: the ВПР sitting (NULL for ГИА)
         count(*) FILTER (f) AS participants,
         count(*) FILTER (f AND mark = 2) AS n2, count(*) FILTER (f AND mark = 3) AS n3, count(*) FILTER (f AND mark = 4) AS n4, count(*) FILTER (f AND mark = 5) AS n5,
         0 AS n_na,
         avg(mark) FILTER (f) AS mean_mark, avg(primary_pct) FILTER (f) AS mean_primary_pct, avg(test_score) FILTER (f) AS mean_test_score,
         count(*) FILTER (f AND below_min) AS n_below_min, count(below_min) FILTER (f) AS n_min_known,
         'per-pupil' AS data_source,
         CASE WHEN any_value(assessment) IN ('ОГЭ', 'ЕГЭ') THEN count(DISTINCT pupil_key) FILTER (NOT f) END AS retakes,
         CASE WHEN any_value(assessment) IN ('ОГЭ', 'ЕГЭ') THEN count(DISTINCT pupil_key) FILTER (NOT f AND NOT below_min) END AS retake_passed,
         in_registry, region_code
  FROM (SELECT *, attempt = 1 AS f FROM int_all_results) GROUP BY ALL
), journal AS (
  SELECT school_code, school_year, 'журнал' AS assessment, subject, grade, NULL::VARCHAR AS session,
         count(*) AS participants,
         count(*) FILTER (mark = 2) AS n2, count(*) FILTER (mark = 3) AS n3, count(*) FILTER (mark = 4) AS n4, count(*) FILTER (mark = 5) AS n5,
         count(*) FILTER (mark_text = 'н/а') AS n_na,
         avg(mark) AS mean_mark, NULL::DOUBLE AS mean_primary_pct, NULL::DOUBLE AS mean_test_score,
         count(*) FILTER (mark = 2 OR mark_text = 'н/а') AS n_below_min, count(*) AS n_min_known,
         'journal' AS data_source, NULL::BIGINT AS retakes, NULL::BIGINT AS retake_passed, true AS in_registry, NULL::VARCHAR AS region_code
  FROM stg_journal_marks
  WHERE in_registry AND period_kind = 'год' AND (mark BETWEEN 2 AND 5 OR mark_text = 'н/а')
  GROUP BY ALL
), agg AS (
  SELECT a.school_code, a.school_year, a.assessment, a.subject, a.grade, CASE WHEN a.assessment = 'ВПР' THEN 'весна' END, -- reports name no sitting
         round(a.participants)::BIGINT AS participants,
         round(a.n2)::BIGINT, round(a.n3)::BIGINT, round(a.n4)::BIGINT, round(a.n5)::BIGINT, 0,
         coalesce(a.mean_mark, (2 * a.n2 + 3 * a.n3 + 4 * a.n4 + 5 * a.n5) / nullif(a.n2 + a.n3 + a.n4 + a.n5, 0)),
         NULL::DOUBLE, a.mean_score, round(a.n2)::BIGINT, CASE WHEN a.n2 IS NOT NULL THEN round(a.participants)::BIGINT END,
         'aggregate', NULL::BIGINT, NULL::BIGINT, true, NULL::VARCHAR
  FROM int_aggregates a
  WHERE a.area_level = 'school' AND a.in_registry AND a.participants IS NOT NULL AND a.compared IS NULL
    AND NOT EXISTS (SELECT 1 FROM pupil p WHERE p.in_registry AND p.school_code = a.school_code AND p.school_year = a.school_year
                    AND p.assessment = a.assessment AND p.subject = a.subject AND p.grade IS NOT DISTINCT FROM a.grade)
)
SELECT * FROM pupil UNION ALL SELECT * FROM journal UNION ALL SELECT * FROM agg
