-- Municipalities of the registry with a name: more than one — a store of several municipalities of a region, whose
-- overview the committee views one municipality at a time or all together.
SELECT DISTINCT municipality FROM mart_school_areas WHERE municipality IS NOT NULL ORDER BY municipality
