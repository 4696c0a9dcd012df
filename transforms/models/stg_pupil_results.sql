-- Per-pupil rows of ВПР/ОГЭ/ЕГЭ as loaded; school_code is the registry code resolved when the rows were written (or
-- the source identifier when the school is not registered).
SELECT p.upload_id, p.work_no, coalesce(p.school_code, p.school_ref) AS school_code, p.school_code IS NOT NULL AS in_registry,
       p.school_ref, p.school_name, p.participant_code, p.pupil_key, p.class_name, p.variant, p.status,
       p.primary_score, p.mark::INTEGER AS mark, p.mark_from_scale, p.test_score, p.journal_mark::INTEGER AS journal_mark, p.task_scores
FROM pupil_results p
