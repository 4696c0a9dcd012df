-- A measure added in the dashboard (no upload): the school is stored by its registry code.
INSERT INTO roadmap_measures (measure_id, upload_id, sheet, row_no, school_ref, section, title, deadline, deadline_text,
  responsible, expected_result, status, evidence, updated_at, updated_by, school_code)
VALUES ($id, NULL, NULL, NULL, $code, $section, $title, CAST($deadline AS DATE), $deadline_text, $responsible,
  $expected, $status, $evidence, current_timestamp, $user, $code)
