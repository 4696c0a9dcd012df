-- How a source's school reference resolves to a registry code, per family of source formats (ref_family): only the
-- identifier kinds that family's system uses, the most specific first (ref_kind_rank, store/migrations/006).
SELECT f.family, i.id_value, arg_min(i.school_code, ref_kind_rank(f.family, i.id_kind)) AS school_code
FROM school_ids i CROSS JOIN (VALUES ('fisoko'), ('rcoi'), ('open-data'), ('journal'), ('other')) f(family)
WHERE ref_kind_rank(f.family, i.id_kind) IS NOT NULL
GROUP BY f.family, i.id_value
