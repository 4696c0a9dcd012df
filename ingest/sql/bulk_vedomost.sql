-- The bulk loader of a CSV «сводная ведомость» (ingest/bulk/vedomost.ts). {rows} and {coded} are this load's staging
-- table and its reader view. Each data column of {coded} holds the 0-based enum code
-- of its raw value (ingest/bulk/csv.ts). What each distinct value means was worked out once per value by the
-- row-by-row parser's own functions and comes in $-lists: by code (indexed from 1, so code + 1), or as the codes of
-- the values that fail a check (a handful at most). The checks run in the parser's order, and the first that fails
-- names the row's problem: 1 mark, 2 period, 3 school year, 4 pupil, 5 subject, 6 school, 7 year not begun,
-- 8 class outside 1–11; 0 = loaded. Rows without a mark are skipped silently, as the parser skips them.

-- name: stage
CREATE TEMP TABLE {rows} AS
SELECT * FROM (
  SELECT row_no, mark, period, school_year, pupil, subject, school, class,
    CASE WHEN list_contains($mark_empty, mark) THEN NULL
         WHEN list_contains($mark_bad, mark) THEN 1
         WHEN list_contains($period_bad, period) THEN 2
         WHEN list_contains($year_bad, school_year) THEN 3
         WHEN list_contains($pupil_bad, pupil) THEN 4
         WHEN list_contains($subject_bad, subject) THEN 5
         WHEN list_contains($school_bad, school) THEN 6
         WHEN list_contains($year_future, school_year) THEN 7
         WHEN list_contains($class_bad, class) THEN 8
         ELSE 0 END::TINYINT AS problem
  FROM {coded})
WHERE problem IS NOT NULL;

-- name: counts
SELECT count(*) FILTER (WHERE problem = 0)::INTEGER AS loaded, count(*) FILTER (WHERE problem > 0)::INTEGER AS excluded FROM {rows};

-- The first excluded rows, as many as a report shows.
-- name: problems
SELECT row_no, problem, mark, period, school_year, class FROM {rows} WHERE problem > 0 ORDER BY row_no LIMIT $limit;

-- Each school and subject code of the loaded rows at its first row.
-- name: schools
SELECT school AS code, min(row_no) AS first_row FROM {rows} WHERE problem = 0 GROUP BY school ORDER BY first_row;
-- name: subjects
SELECT subject AS code, min(row_no) AS first_row FROM {rows} WHERE problem = 0 GROUP BY subject ORDER BY first_row;

-- Loaded rows whose school, subject or class holds markup or a formula: the first few, and how many values in all.
-- name: screened
SELECT row_no, school, subject, class, $school_flag[school::INTEGER + 1] AS school_flag, $subject_flag[subject::INTEGER + 1] AS subject_flag, $class_flag[class::INTEGER + 1] AS class_flag
FROM {rows} WHERE problem = 0 AND ($school_flag[school::INTEGER + 1] OR $subject_flag[subject::INTEGER + 1] OR $class_flag[class::INTEGER + 1])
ORDER BY row_no LIMIT $limit;
-- name: screened_total
SELECT coalesce(sum($school_flag[school::INTEGER + 1]::INTEGER + $subject_flag[subject::INTEGER + 1]::INTEGER + $class_flag[class::INTEGER + 1]::INTEGER), 0)::INTEGER FROM {rows} WHERE problem = 0;

-- Inside the loader's transaction. One table filtered and projected keeps the file's row order (as the row-by-row
-- writer appends). The pupils' keys, thousands of them, are one string of 20-character keys by code ($pupil_keys):
-- a list that long would be rebuilt for every vector. school_code is resolved afterwards like any upload's.
-- name: insert
INSERT INTO journal_marks (upload_id, sheet, row_no, school_ref, school_year, class_name, grade, pupil_key, subject, period_kind, period_no, mark, mark_text, avg_mark)
SELECT $upload_id, $sheet, row_no, $school_ref[school::INTEGER + 1], $year_label[school_year::INTEGER + 1], $class_name[class::INTEGER + 1], $grade[class::INTEGER + 1],
  substring($pupil_keys, pupil::INTEGER * 20 + 1, 20), $subject_name[subject::INTEGER + 1], $period_kind[period::INTEGER + 1], $period_no[period::INTEGER + 1],
  $mark_value[mark::INTEGER + 1], $mark_text[mark::INTEGER + 1], NULL
FROM {rows} WHERE problem = 0;
