-- Every flag of one school, newest year first.
SELECT school_year, flag, flag_level, rule_id, rule_version, reason, exit_criterion, selected_schools, eligible_schools
FROM mart_flags
WHERE school_code = $code
ORDER BY school_year DESC, CASE flag_level WHEN 'зона внимания' THEN 0 WHEN 'сигнал' THEN 1 ELSE 2 END, flag
