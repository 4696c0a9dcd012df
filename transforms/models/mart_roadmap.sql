-- Roadmap measures as the dashboard shows them; a view over stg_roadmap, so edits made in the dashboard show at once.
-- Overdue: the deadline has passed and the measure is neither done, missed nor cancelled.
SELECT *, coalesce(deadline < current_date AND status IN ('planned', 'in_progress'), false) AS overdue
FROM stg_roadmap
