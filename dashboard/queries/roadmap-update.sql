-- Edits one measure of one school; the school condition makes a measure of another school untouchable.
UPDATE roadmap_measures SET status = $status, evidence = $evidence, deadline = CAST($deadline AS DATE),
  deadline_text = $deadline_text, responsible = $responsible, updated_at = current_timestamp, updated_by = $user
WHERE measure_id = $id
  AND coalesce(registry_code(roadmap_measures.school_ref), roadmap_measures.school_ref) = $code
