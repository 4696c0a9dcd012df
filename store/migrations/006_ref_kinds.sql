-- School identity by namespace. Each system numbers schools in its own namespace: a РЦОИ code or an open-data id that
-- happens to equal a registry code is not that school. school_ids now keeps every kind an identifier has (a login
-- that is also the registry code is both), and a source format's references match only the kinds its system uses.
-- Names link only journals and the committee's own forms, whose references are names or registry codes.
CREATE TABLE school_ids_v2 (id_value VARCHAR NOT NULL, id_kind VARCHAR NOT NULL, school_code VARCHAR NOT NULL, PRIMARY KEY (id_value, id_kind));
INSERT INTO school_ids_v2 SELECT id_value, id_kind, arg_min(school_code, school_code) FROM (
  SELECT norm_id(school_code) AS id_value, 'registry' AS id_kind, school_code FROM schools
  UNION ALL SELECT norm_id(fisoko_login), 'fisoko_login', school_code FROM schools WHERE fisoko_login IS NOT NULL
  UNION ALL SELECT norm_id(fisoko_login_old), 'fisoko_login', school_code FROM schools WHERE fisoko_login_old IS NOT NULL
  UNION ALL SELECT norm_id(rcoi_code), 'rcoi_code', school_code FROM schools WHERE rcoi_code IS NOT NULL
  UNION ALL SELECT norm_id(name), 'name', school_code FROM schools
  UNION ALL SELECT norm_id(short_name), 'name', school_code FROM schools WHERE short_name IS NOT NULL
) GROUP BY id_value, id_kind;
DROP TABLE school_ids;
ALTER TABLE school_ids_v2 RENAME TO school_ids;
-- The family of identifiers a source format uses; NULL for the committee's own forms (registry, programmes, scales).
CREATE OR REPLACE MACRO ref_family(format) AS CASE
  WHEN format LIKE 'fisoko-%' THEN 'fisoko' WHEN format LIKE 'rcoi-%' THEN 'rcoi'
  WHEN format LIKE 'moscow-%' THEN 'open-data' WHEN format LIKE 'journal-%' THEN 'journal' END;
-- Which identifier kinds a family may match, and in which order when one value has several kinds.
CREATE OR REPLACE MACRO ref_kind_rank(family, kind) AS CASE
  WHEN family = 'fisoko' THEN CASE kind WHEN 'fisoko_login' THEN 1 WHEN 'name' THEN 2 END
  WHEN family = 'rcoi' THEN CASE kind WHEN 'rcoi_code' THEN 1 WHEN 'name' THEN 2 END
  WHEN family = 'open-data' THEN NULL
  WHEN family = 'journal' THEN CASE kind WHEN 'registry' THEN 1 WHEN 'name' THEN 2 END
  ELSE CASE kind WHEN 'registry' THEN 1 WHEN 'fisoko_login' THEN 2 WHEN 'rcoi_code' THEN 3 WHEN 'name' THEN 4 END END;
-- The registry code of a reference in the committee's own forms and on the dashboard (any kind, the most specific first).
CREATE OR REPLACE MACRO registry_code(ref) AS (SELECT arg_min(i.school_code, ref_kind_rank('other', i.id_kind)) FROM school_ids i WHERE i.id_value = norm_id(ref));
