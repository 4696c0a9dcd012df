-- Version and note of the methodology config in force.
SELECT key, value_text FROM cfg_meta
