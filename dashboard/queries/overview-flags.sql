-- Flags of the year with how many schools each rule selects out of how many are eligible (within each school's
-- municipality); $mo — one municipality (NULL: every school).
SELECT school_code, municipality, flag, flag_level, rule_id, rule_version, reason, exit_criterion, selected_schools, eligible_schools
FROM mart_flags
WHERE school_year = $year AND ($mo::VARCHAR IS NULL OR municipality = $mo)
ORDER BY CASE flag_level WHEN 'зона внимания' THEN 0 WHEN 'сигнал' THEN 1 ELSE 2 END, flag, school_code
