-- School years of the programme marts, newest first; whether any actual value is known in the year.
SELECT school_year, bool_or(status IN ('on_track', 'at_risk', 'off_track')) AS has_actual
FROM mart_programme_progress GROUP BY school_year ORDER BY school_year DESC
