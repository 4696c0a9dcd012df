-- Recent builds of the marts, newest first.
SELECT build_id, started_at::VARCHAR AS started_at, finished_at::VARCHAR AS finished_at, outcome, message
FROM build_runs
ORDER BY build_id DESC
LIMIT $limit
