-- Rebuilds the identifier map from the registry: every code, login and normalised name points to the registry code,
-- one row per identifier and kind (a login that is also the registry code is both; staging picks by the source's kinds).
DELETE FROM school_ids;
INSERT INTO school_ids
SELECT id_value, id_kind, arg_min(school_code, school_code) FROM (
  SELECT norm_id(school_code) AS id_value, 'registry' AS id_kind, school_code FROM schools
  UNION ALL SELECT norm_id(fisoko_login), 'fisoko_login', school_code FROM schools WHERE fisoko_login IS NOT NULL
  UNION ALL SELECT norm_id(fisoko_login_old), 'fisoko_login', school_code FROM schools WHERE fisoko_login_old IS NOT NULL
  UNION ALL SELECT norm_id(rcoi_code), 'rcoi_code', school_code FROM schools WHERE rcoi_code IS NOT NULL
  UNION ALL SELECT norm_id(name), 'name', school_code FROM schools
  UNION ALL SELECT norm_id(short_name), 'name', school_code FROM schools WHERE short_name IS NOT NULL
  -- The committee's own links (uploads page) outlive a registry re-upload while their school is still registered.
  UNION ALL SELECT id_value, id_kind, school_code FROM school_links WHERE school_code IN (SELECT school_code FROM schools)
) GROUP BY id_value, id_kind;
