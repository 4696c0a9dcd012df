-- What the last successful build read (transforms/build-inputs.ts): one row 'global' (the models, the config, the
-- registry and the other small tables) and one row per school year of the loaded results. A build compares them with
-- the store to recompute only the years whose rows changed. Written in the build's transaction: a failed build keeps
-- the previous rows, as it keeps the previous marts.
CREATE TABLE build_inputs (scope VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL);
