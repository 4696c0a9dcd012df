SELECT school_code, name, coalesce(short_name, name) AS short_name, fisoko_login, fisoko_login_old, rcoi_code,
       municipality, school_type, settlement_type, enrolment, ovz_share, nonnative_share
FROM schools
