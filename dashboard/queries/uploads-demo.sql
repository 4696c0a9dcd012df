-- Whether the store holds the demo municipality (files loaded on the demo's channel): the uploads page then warns that
-- real files belong in a separate working store. Reads the live ledger: not cached.
SELECT count(*) FILTER (channel = 'demo') AS demo_files FROM uploads
