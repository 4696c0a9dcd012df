-- Roadmap measures per school by status, with the overdue ones (not cached: edits show at once).
SELECT school_code, count(*) AS total, count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status IN ('planned', 'in_progress')) AS open, count(*) FILTER (WHERE overdue) AS overdue
FROM mart_roadmap GROUP BY school_code
