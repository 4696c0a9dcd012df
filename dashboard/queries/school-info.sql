-- Registry data of one school.
SELECT school_code, name, coalesce(short_name, name) AS short_name, school_type, settlement_type, enrolment,
       municipality, ovz_share, nonnative_share
FROM schools WHERE school_code = $code
