-- Recent job runs, newest first.
SELECT run_id, job, trigger, started_at::VARCHAR AS started_at, finished_at::VARCHAR AS finished_at, outcome,
       counts::VARCHAR AS counts, message
FROM job_runs
ORDER BY started_at DESC, run_id DESC
LIMIT $limit
