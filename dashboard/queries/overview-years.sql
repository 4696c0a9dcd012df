-- School years with data, oldest first: with an index, or with any results (a regional file of a year without the
-- municipality's own data is still a year the committee can open).
SELECT school_year FROM mart_index UNION SELECT school_year FROM mart_school_metrics ORDER BY school_year
