SELECT coalesce(p.school_code, p.school_ref) AS school_code, p.name AS programme_name, p.start_year, p.end_year, p.goal, p.upload_id
FROM programmes p
