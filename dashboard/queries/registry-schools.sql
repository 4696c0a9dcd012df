-- Registry schools for the «Связать со школой реестра» select, by name.
SELECT school_code, name FROM schools ORDER BY coalesce(short_name, name), school_code
