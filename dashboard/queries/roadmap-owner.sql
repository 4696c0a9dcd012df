-- The registry code of the school a roadmap measure belongs to (as stg_roadmap resolves it).
SELECT m.measure_id, coalesce(ids.school_code, m.school_ref) AS school_code, m.status, m.evidence, m.deadline,
       m.responsible
FROM roadmap_measures m LEFT JOIN school_ids ids ON ids.id_value = norm_id(m.school_ref)
WHERE m.measure_id = $id
