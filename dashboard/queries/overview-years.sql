-- cache: build
-- School years that have an index, oldest first.
SELECT DISTINCT school_year FROM mart_index ORDER BY school_year
