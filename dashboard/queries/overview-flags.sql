-- Flags of the year with how many schools each rule selects out of how many are eligible.
SELECT school_code, flag, level, rule_id, rule_version, reason, exit_criterion, selected_schools, eligible_schools
FROM mart_flags
WHERE school_year = $year
ORDER BY CASE level WHEN 'зона внимания' THEN 0 WHEN 'сигнал' THEN 1 ELSE 2 END, flag, school_code
