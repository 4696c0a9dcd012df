-- The registry code of the school a roadmap measure belongs to (as stg_roadmap resolves it).
SELECT m.measure_id, coalesce(registry_code(m.school_ref), m.school_ref) AS school_code, m.status, m.evidence, m.deadline,
       m.responsible
FROM roadmap_measures m
WHERE m.measure_id = $id
