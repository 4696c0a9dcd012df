-- Resolves the school references of source rows to registry codes: the rows of upload $upload, or of every upload
-- when $upload is NULL (the registry or a committee link changed). A reference matches only the identifier kinds of
-- its file's family, the most specific kind first (ref_family, ref_kind_rank: store/migrations/006), so a РЦОИ code or
-- an open-data id that equals a registry code is not that school. Only rows whose resolution changed are rewritten.
CREATE OR REPLACE TEMP TABLE resolved_refs AS
WITH refs AS (
  SELECT DISTINCT upload_id, school_ref FROM pupil_results WHERE $upload IS NULL OR upload_id = $upload
  UNION SELECT DISTINCT upload_id, school_ref FROM journal_marks WHERE $upload IS NULL OR upload_id = $upload
  UNION SELECT DISTINCT upload_id, school_ref FROM aggregate_results WHERE ($upload IS NULL OR upload_id = $upload) AND level = 'school'
  UNION SELECT DISTINCT upload_id, school_ref FROM program_targets WHERE $upload IS NULL OR upload_id = $upload
  UNION SELECT DISTINCT upload_id, school_ref FROM programmes WHERE $upload IS NULL OR upload_id = $upload
  UNION SELECT DISTINCT upload_id, school_ref FROM programme_indicators WHERE $upload IS NULL OR upload_id = $upload
  UNION SELECT DISTINCT upload_id, school_ref FROM reported_values WHERE $upload IS NULL OR upload_id = $upload
  UNION SELECT DISTINCT upload_id, school_ref FROM roadmap_measures WHERE $upload IS NULL OR upload_id IS NOT DISTINCT FROM $upload
), fam AS (
  SELECT r.upload_id, r.school_ref, coalesce(ref_family(u.format), 'other') AS family, norm_id(r.school_ref) AS id_value
  FROM refs r LEFT JOIN uploads u ON u.upload_id = r.upload_id WHERE r.school_ref IS NOT NULL
)
SELECT f.upload_id, f.school_ref, arg_min(i.school_code, ref_kind_rank(f.family, i.id_kind)) AS school_code
FROM fam f LEFT JOIN school_ids i ON i.id_value = f.id_value AND ref_kind_rank(f.family, i.id_kind) IS NOT NULL
GROUP BY f.upload_id, f.school_ref;
UPDATE pupil_results t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
UPDATE journal_marks t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
UPDATE aggregate_results t SET school_code = r.school_code FROM resolved_refs r
WHERE t.level = 'school' AND t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
UPDATE program_targets t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
UPDATE programmes t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
UPDATE programme_indicators t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
UPDATE reported_values t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id = r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
-- Measures added in the dashboard have no upload (family 'other'): the join on upload_id is null-safe here.
UPDATE roadmap_measures t SET school_code = r.school_code FROM resolved_refs r
WHERE t.upload_id IS NOT DISTINCT FROM r.upload_id AND t.school_ref = r.school_ref AND t.school_code IS DISTINCT FROM r.school_code;
DROP TABLE resolved_refs;
