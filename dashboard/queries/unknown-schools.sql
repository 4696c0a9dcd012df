-- Source identifiers no registry school answers to (school_code left NULL when the rows were resolved, store/
-- school-identity.ts), one row per family and identifier; $q filters by id, name or municipality. With a suggested
-- registry school when the name in the file matches (same numbers, close wording, compatible municipality) or when the
-- committee linked it before. Not cached: reads live tables that a committee link changes without an upload.
WITH refs AS (
  SELECT p.upload_id, w.school_year, p.school_ref, max(p.school_name) AS name, max(p.municipality) AS municipality, count(*) AS n
  FROM pupil_results p JOIN works w ON w.upload_id = p.upload_id AND w.work_no = p.work_no WHERE p.school_code IS NULL GROUP BY ALL
  UNION ALL SELECT upload_id, school_year, school_ref, NULL, NULL, count(*) FROM journal_marks WHERE school_code IS NULL GROUP BY ALL
  UNION ALL SELECT upload_id, school_year, school_ref, max(name), NULL, count(*) FROM aggregate_results
    WHERE level = 'school' AND school_ref IS NOT NULL AND school_code IS NULL GROUP BY ALL
  UNION ALL SELECT upload_id, school_year, school_ref, NULL, NULL, count(*) FROM program_targets WHERE school_code IS NULL GROUP BY ALL
), src AS (
  SELECT r.*, coalesce(ref_family(u.format), 'other') AS family, norm_id(r.school_ref) AS id_value, u.file_name
  FROM refs r JOIN uploads u ON u.upload_id = r.upload_id WHERE trim(r.school_ref) <> ''
), unknown AS (
  SELECT family, id_value, arg_max(school_ref, n) AS ref, sum(n) AS n_rows, count(DISTINCT upload_id) AS n_files,
         arg_max(file_name, upload_id) AS last_file, list(DISTINCT school_year ORDER BY school_year) AS years,
         max(name) AS name, max(municipality) AS municipality
  FROM src s
  GROUP BY family, id_value
), keyed AS (
  -- The wording without the legal form, the numbers in it («СОШ № 1» is not «СОШ № 12»), the municipality's proper word.
  SELECT *, regexp_replace(norm_id(nm), '^[а-я]{2,5}оу ', '') AS core, regexp_extract_all(norm_id(nm), '\d+') AS nums,
         list_filter(string_split(regexp_replace(lower(mun), '[^а-яёa-z0-9]+', ' ', 'g'), ' '),
           x -> x <> '' AND x NOT IN ('г', 'город', 'городской', 'муниципальный', 'муниципальное', 'район', 'округ', 'образование', 'поселение'))[1] AS mun_key
  FROM (SELECT family, id_value, name AS nm, municipality AS mun FROM unknown WHERE name IS NOT NULL
        UNION ALL SELECT NULL, school_code, unnest([name, short_name]), municipality FROM schools)
  WHERE nm IS NOT NULL
), suggested AS (
  SELECT u.family, u.id_value, arg_max(r.id_value, jaro_winkler_similarity(r.core, u.core)) AS school_code
  FROM keyed u JOIN keyed r ON r.family IS NULL AND r.nums = u.nums
  WHERE u.family IS NOT NULL AND jaro_winkler_similarity(r.core, u.core) >= 0.9
    AND (u.mun_key IS NULL OR r.mun_key IS NULL OR left(u.mun_key, 5) = left(r.mun_key, 5))
  GROUP BY ALL
), listed AS MATERIALIZED (
  SELECT u.family, u.id_value, u.ref, u.n_rows, u.n_files, u.last_file, u.years, u.name, u.municipality,
         coalesce(l.school_code, g.school_code) AS suggested_code, l.school_code IS NOT NULL AS was_linked
  FROM unknown u
  LEFT JOIN suggested g ON g.family = u.family AND g.id_value = u.id_value
  LEFT JOIN school_links l ON l.family = u.family AND l.id_value = u.id_value
  WHERE $q = '' OR contains(u.id_value, norm_id($q)) OR contains(norm_id(coalesce(u.name, '')), norm_id($q))
     OR contains(lower(coalesce(u.municipality, '')), lower(trim($q)))
)
-- The total by a subquery, not an unpartitioned window count: DuckDB 1.5.5 intermittently fails such a window after a
-- filter with a fatal error that invalidates the database (duckdb/duckdb#25713, tests/architecture/sql-hazards.test.ts).
SELECT *, (SELECT count(*) FROM listed) AS total
FROM listed
ORDER BY suggested_code IS NULL, n_rows DESC, ref
LIMIT $limit
