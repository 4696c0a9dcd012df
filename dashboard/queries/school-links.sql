-- The committee's links of source identifiers to registry schools (store/migrations/007), newest first. `active`: the
-- link is in school_ids (a registry upload rebuilds school_ids from the registry alone); `from_registry`: the registry
-- itself now holds that login or code, so undoing the link would not detach the data.
SELECT l.id_value, l.id_kind, l.family, l.source_ref, l.school_code, s.name AS school_name, l.linked_by, l.linked_at::VARCHAR AS linked_at,
       EXISTS (SELECT 1 FROM school_ids i WHERE i.id_value = l.id_value AND i.id_kind = l.id_kind AND i.school_code = l.school_code) AS active,
       EXISTS (SELECT 1 FROM schools r WHERE (l.id_kind = 'fisoko_login' AND l.id_value IN (norm_id(r.fisoko_login), norm_id(r.fisoko_login_old)))
                                          OR (l.id_kind = 'rcoi_code' AND l.id_value = norm_id(r.rcoi_code))) AS from_registry
FROM school_links l LEFT JOIN schools s ON s.school_code = l.school_code
ORDER BY l.linked_at DESC, l.source_ref
