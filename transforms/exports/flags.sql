SELECT school_code, school_year, flag, flag_level, rule_id, reason, rule_version, exit_criterion, selected_schools, eligible_schools
FROM mart_flags ORDER BY school_year DESC, flag_level, school_code, flag, rule_id, reason
