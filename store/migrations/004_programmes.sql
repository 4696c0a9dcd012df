-- Programme monitoring (anti-risk programmes): passports, custom indicators, reported actuals, roadmaps.
-- Passport targets reuse program_targets; the passport template adds the year its baseline was measured in.
ALTER TABLE program_targets ADD COLUMN baseline_year VARCHAR;

-- One row per school programme passport («Паспорт программы»).
CREATE TABLE programmes (
  upload_id BIGINT NOT NULL, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, name VARCHAR NOT NULL,
  start_year VARCHAR NOT NULL,   -- first school year of the programme, '2024/25'
  end_year VARCHAR,              -- last school year, '2025/26'
  goal VARCHAR
);

-- Indicators a school or the committee defined itself (not in config/indicators.json).
CREATE TABLE programme_indicators (
  upload_id BIGINT NOT NULL, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, indicator VARCHAR NOT NULL, caption VARCHAR NOT NULL,
  unit VARCHAR NOT NULL,         -- share | index | mark | score | count
  direction VARCHAR NOT NULL     -- higher-better | lower-better
);

-- Values of indicators the school reports itself (training, ИОМ, parents …), per term or for the year (term NULL).
CREATE TABLE reported_values (
  upload_id BIGINT NOT NULL, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, school_year VARCHAR NOT NULL, term INTEGER, indicator VARCHAR NOT NULL,
  value DOUBLE NOT NULL
);

-- Roadmap measures («дорожная карта»). Imported from xlsx and edited in the dashboard (status, evidence …);
-- measure_id is stable across re-imports (hash of school, section and title) so edits can be carried over.
CREATE TABLE roadmap_measures (
  measure_id VARCHAR NOT NULL, upload_id BIGINT, sheet VARCHAR, row_no INTEGER,
  school_ref VARCHAR NOT NULL, section VARCHAR, title VARCHAR NOT NULL,
  deadline DATE, deadline_text VARCHAR, responsible VARCHAR, expected_result VARCHAR,
  status VARCHAR NOT NULL,       -- planned | in_progress | done | missed | cancelled
  evidence VARCHAR,
  updated_at TIMESTAMP, updated_by VARCHAR
);
