-- Whether a code is known to the registry or to the marts (results under an unregistered identifier).
SELECT (SELECT count(*) FROM schools WHERE school_code = $code) + (SELECT count(*) FROM mart_index WHERE school_code = $code) AS n
