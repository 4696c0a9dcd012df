-- Every roadmap measure with its school (the meeting export).
SELECT r.school_code, coalesce(s.short_name, s.name, r.school_code) AS school_name, r.section, r.title, r.deadline,
       r.deadline_text, r.responsible, r.expected_result, r.status, r.evidence, r.updated_at, r.updated_by, r.overdue
FROM mart_roadmap r LEFT JOIN schools s ON s.school_code = r.school_code
ORDER BY school_name, r.section NULLS FIRST, r.deadline NULLS LAST, r.title
