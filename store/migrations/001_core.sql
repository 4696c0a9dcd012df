-- Core store: sources as ingested (one table per record kind, every row tagged with its upload),
-- reference tables, and the operational tables (ledger, jobs, users, audit).
CREATE SEQUENCE IF NOT EXISTS upload_seq START 1;
CREATE SEQUENCE IF NOT EXISTS job_run_seq START 1;
CREATE SEQUENCE IF NOT EXISTS build_seq START 1;

CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE TABLE uploads (
  upload_id BIGINT PRIMARY KEY,
  received_at TIMESTAMP NOT NULL,
  uploaded_by VARCHAR,
  channel VARCHAR NOT NULL,          -- cli | web | inbox | demo
  file_name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  size_bytes BIGINT NOT NULL,
  format VARCHAR,                    -- detected format id
  format_title VARCHAR,
  rows_read BIGINT NOT NULL DEFAULT 0,
  rows_loaded BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  rows_replaced BIGINT NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0,
  status VARCHAR NOT NULL,           -- loaded | rejected | duplicate
  message VARCHAR,
  report JSON
);

CREATE TABLE schools (
  school_code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  short_name VARCHAR,
  fisoko_login VARCHAR,
  fisoko_login_old VARCHAR,
  rcoi_code VARCHAR,
  municipality VARCHAR,
  school_type VARCHAR,
  settlement_type VARCHAR,
  enrolment INTEGER,
  ovz_share DOUBLE,
  nonnative_share DOUBLE,
  upload_id BIGINT
);

-- Every identifier real files use for a school (login, РЦОИ code, registry code, normalised name) → registry code.
CREATE TABLE school_ids (id_value VARCHAR PRIMARY KEY, id_kind VARCHAR NOT NULL, school_code VARCHAR NOT NULL);

CREATE TABLE works (
  upload_id BIGINT NOT NULL, work_no INTEGER NOT NULL,
  assessment VARCHAR NOT NULL, school_year VARCHAR NOT NULL, subject VARCHAR NOT NULL,
  kim_grade INTEGER, grade INTEGER, exam_date DATE, max_score DOUBLE,
  task_labels VARCHAR[], task_max DOUBLE[], exam_code VARCHAR,
  PRIMARY KEY (upload_id, work_no)
);

CREATE TABLE pupil_results (
  upload_id BIGINT NOT NULL, work_no INTEGER NOT NULL, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, school_name VARCHAR, municipality VARCHAR,
  participant_code VARCHAR NOT NULL, pupil_key VARCHAR, class_name VARCHAR, variant VARCHAR,
  status VARCHAR NOT NULL, sex VARCHAR,
  primary_score DOUBLE, mark TINYINT, mark_from_scale BOOLEAN, test_score DOUBLE, journal_mark TINYINT,
  task_scores DOUBLE[]
);

CREATE TABLE journal_marks (
  upload_id BIGINT NOT NULL, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, school_year VARCHAR NOT NULL, class_name VARCHAR, grade INTEGER,
  pupil_key VARCHAR NOT NULL, subject VARCHAR NOT NULL, period_kind VARCHAR NOT NULL, period_no INTEGER,
  mark TINYINT, mark_text VARCHAR, avg_mark DOUBLE
);

CREATE TABLE aggregate_results (
  upload_id BIGINT NOT NULL, sheet VARCHAR, row_no INTEGER,
  level VARCHAR NOT NULL, school_ref VARCHAR, name VARCHAR,
  assessment VARCHAR NOT NULL, school_year VARCHAR NOT NULL, subject VARCHAR NOT NULL, grade INTEGER, exam_date DATE,
  participants DOUBLE, schools_count DOUBLE,
  n2 DOUBLE, n3 DOUBLE, n4 DOUBLE, n5 DOUBLE, shares_only BOOLEAN,
  mean_mark DOUBLE, mean_score DOUBLE,
  lowered DOUBLE, confirmed DOUBLE, raised DOUBLE, compared DOUBLE,
  extra JSON
);

-- Versioned conversion scales and thresholds.
CREATE TABLE scale_vpr (
  school_year VARCHAR NOT NULL, subject VARCHAR NOT NULL, kim_grade INTEGER NOT NULL,
  mark3_min DOUBLE NOT NULL, mark4_min DOUBLE NOT NULL, mark5_min DOUBLE NOT NULL, max_score DOUBLE,
  source VARCHAR NOT NULL, upload_id BIGINT,
  PRIMARY KEY (school_year, subject, kim_grade)
);
CREATE TABLE scale_oge (
  school_year VARCHAR NOT NULL, subject VARCHAR NOT NULL,
  mark3_min DOUBLE NOT NULL, mark4_min DOUBLE NOT NULL, mark5_min DOUBLE NOT NULL, max_score DOUBLE,
  conditions VARCHAR, source VARCHAR NOT NULL,
  PRIMARY KEY (school_year, subject)
);
CREATE TABLE scale_ege (
  valid_from VARCHAR NOT NULL, subject VARCHAR NOT NULL, primary_score INTEGER NOT NULL, test_score INTEGER NOT NULL,
  source VARCHAR NOT NULL,
  PRIMARY KEY (valid_from, subject, primary_score)
);
CREATE TABLE min_scores (
  valid_from VARCHAR NOT NULL, assessment VARCHAR NOT NULL, subject VARCHAR NOT NULL, min_score DOUBLE NOT NULL,
  purpose VARCHAR NOT NULL, source VARCHAR NOT NULL,
  PRIMARY KEY (valid_from, assessment, subject, purpose)
);

CREATE TABLE program_targets (
  upload_id BIGINT NOT NULL, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, school_year VARCHAR NOT NULL, indicator VARCHAR NOT NULL,
  subject VARCHAR, grade INTEGER, baseline DOUBLE, planned DOUBLE NOT NULL
);

CREATE TABLE task_info (
  upload_id BIGINT NOT NULL, subject VARCHAR, kim_grade INTEGER, task VARCHAR NOT NULL,
  level VARCHAR, max_score DOUBLE, skills VARCHAR, kes VARCHAR, kt VARCHAR
);
CREATE TABLE code_dictionary (upload_id BIGINT NOT NULL, dictionary VARCHAR NOT NULL, code VARCHAR NOT NULL, text VARCHAR);

CREATE TABLE job_runs (
  run_id BIGINT PRIMARY KEY, job VARCHAR NOT NULL, trigger VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
  outcome VARCHAR NOT NULL,          -- running | ok | failed | skipped
  counts JSON, message VARCHAR
);

CREATE TABLE build_runs (
  build_id BIGINT PRIMARY KEY, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
  outcome VARCHAR NOT NULL, message VARCHAR, tests JSON
);

CREATE TABLE users (
  login VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, school_code VARCHAR,
  password_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE audit_log (logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp, actor VARCHAR, action VARCHAR NOT NULL, target VARCHAR, details JSON);
