-- Result of the freshness job: expected files not yet received for the current school year.
CREATE TABLE freshness (checked_at TIMESTAMP NOT NULL, school_year VARCHAR NOT NULL, school_code VARCHAR NOT NULL, item VARCHAR NOT NULL);
