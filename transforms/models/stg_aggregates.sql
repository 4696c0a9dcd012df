SELECT a.upload_id, a.level AS area_level, CASE WHEN a.level = 'school' THEN coalesce(a.school_code, a.school_ref) END AS school_code, a.school_code IS NOT NULL AS in_registry,
       a.name, a.assessment, a.school_year, a.subject, a.grade, a.participants, a.shares_only, a.n2, a.n3, a.n4, a.n5,
       a.mean_mark, a.mean_score, a.lowered, a.confirmed, a.raised, a.compared
FROM aggregate_results a
