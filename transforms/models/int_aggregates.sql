-- Aggregate report rows with the mark distribution as counts: a distribution given as shares (open data, some
-- ФИС ОКО reports) is turned into numbers of participants (share × participants).
SELECT a.upload_id, a.area_level, a.school_code, a.in_registry, a.name, a.assessment, a.school_year, a.subject, a.grade,
       a.participants,
       CASE WHEN a.shares_only THEN a.n2 * a.participants ELSE a.n2 END AS n2,
       CASE WHEN a.shares_only THEN a.n3 * a.participants ELSE a.n3 END AS n3,
       CASE WHEN a.shares_only THEN a.n4 * a.participants ELSE a.n4 END AS n4,
       CASE WHEN a.shares_only THEN a.n5 * a.participants ELSE a.n5 END AS n5,
       a.mean_mark, a.mean_score, a.lowered, a.confirmed, a.raised, a.compared
FROM stg_aggregates a
