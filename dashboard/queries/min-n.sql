-- cache: build
-- The minimum group size.
SELECT cfg('min_n') AS min_n
