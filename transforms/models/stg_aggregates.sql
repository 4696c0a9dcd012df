SELECT a.upload_id, a.level, CASE WHEN a.level = 'school' THEN coalesce(a.school_code, a.school_ref) END AS school_code, a.school_code IS NOT NULL AS in_registry,
       a.name, a.assessment, a.school_year, a.subject, a.grade, a.participants,
       CASE WHEN a.shares_only THEN a.n2 * a.participants ELSE a.n2 END AS n2,
       CASE WHEN a.shares_only THEN a.n3 * a.participants ELSE a.n3 END AS n3,
       CASE WHEN a.shares_only THEN a.n4 * a.participants ELSE a.n4 END AS n4,
       CASE WHEN a.shares_only THEN a.n5 * a.participants ELSE a.n5 END AS n5,
       a.mean_mark, a.mean_score, a.lowered, a.confirmed, a.raised, a.compared
FROM aggregate_results a
