-- Roadmap of one school (a view over roadmap_measures: dashboard edits show at once, so never cached).
SELECT measure_id, section, title, deadline, deadline_text, responsible, expected_result, status, evidence,
       updated_at, updated_by, overdue
FROM mart_roadmap WHERE school_code = $code
ORDER BY section NULLS FIRST, deadline NULLS LAST, title
