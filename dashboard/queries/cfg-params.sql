-- The methodology parameters the marts were built with.
SELECT key, value, status, title, text FROM cfg_params ORDER BY key
