-- Roadmap measures; a view, so edits made in the dashboard show at once.
SELECT r.measure_id, coalesce(r.school_code, r.school_ref) AS school_code, r.section, r.title, r.deadline, r.deadline_text,
       r.responsible, r.expected_result, r.status, r.evidence, r.updated_at, r.updated_by
FROM roadmap_measures r
