-- The bulk CSV loader's first pass (ingest/bulk/csv.ts): every distinct raw value of each column the format reads,
-- in one scan of the file. {raw} is the view over DuckDB's reader of the copied records; {values} keeps the values
-- with the grouping id telling their column. The loader then makes one ENUM per column from them, so the second
-- pass can carry small codes instead of strings.

-- name: values
CREATE TEMP TABLE {values} AS
SELECT grouping_id({columns})::INTEGER AS g, coalesce({columns}) AS value
FROM {raw}
GROUP BY GROUPING SETS ({sets});
