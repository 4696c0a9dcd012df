-- School identity is resolved once, when a row is written (store/sql/resolve_schools.sql), not by every build:
-- school_code is the registry code a source row's school_ref resolves to within its file's namespace, NULL when the
-- school is not in the registry. Re-resolved when the registry or a committee link changes. Existing rows are
-- resolved right after this migration (store/db.ts).
ALTER TABLE pupil_results ADD COLUMN school_code VARCHAR;
ALTER TABLE journal_marks ADD COLUMN school_code VARCHAR;
ALTER TABLE aggregate_results ADD COLUMN school_code VARCHAR;
ALTER TABLE program_targets ADD COLUMN school_code VARCHAR;
ALTER TABLE programmes ADD COLUMN school_code VARCHAR;
ALTER TABLE programme_indicators ADD COLUMN school_code VARCHAR;
ALTER TABLE reported_values ADD COLUMN school_code VARCHAR;
ALTER TABLE roadmap_measures ADD COLUMN school_code VARCHAR;
