SELECT j.upload_id, coalesce(j.school_code, j.school_ref) AS school_code, j.school_code IS NOT NULL AS in_registry, j.school_ref, j.school_year, j.class_name, j.grade,
       j.pupil_key, j.subject, j.period_kind, j.period_no, j.mark::INTEGER AS mark, lower(j.mark_text) AS mark_text, j.avg_mark
FROM journal_marks j
