-- Reconciliation: participants in the school metrics + ГИА retake sittings (int_results.attempt > 1, counted apart)
-- + results of schools outside the registry (int_all_results, the region reference)
-- = present per-pupil rows ingested (per assessment).
SELECT 'Участники в mart_school_metrics не совпадают с загруженными строками: ' || coalesce(i.assessment, m.assessment) || ' — загружено '
       || coalesce(i.n, 0) || ', в витрине (с повторными сдачами ГИА) ' || coalesce(m.n, 0) AS failure
FROM (SELECT assessment, count(*) AS n FROM pupil_results p JOIN works w USING (upload_id, work_no) WHERE p.status = 'present' GROUP BY ALL) i
FULL JOIN (SELECT assessment, sum(n) AS n FROM (
             SELECT assessment, sum(participants) AS n FROM mart_school_metrics WHERE area_level = 'school' AND data_source = 'per-pupil' GROUP BY ALL
             UNION ALL SELECT assessment, count(*) FROM int_results WHERE attempt > 1 GROUP BY ALL
             UNION ALL SELECT assessment, count(*) FROM int_all_results WHERE NOT in_registry GROUP BY ALL) GROUP BY ALL) m
  ON i.assessment = m.assessment
WHERE coalesce(i.n, 0) <> coalesce(m.n, 0)
