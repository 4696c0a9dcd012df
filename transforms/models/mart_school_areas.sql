-- The reference area of every registry school for each relative rule (config reference_areas): the schools the rule
-- compares it with — its municipality (default; one store may hold several municipalities of a region, each with its
-- own percentiles and lists) or every school of the registry. Schools outside the registry belong to none.
SELECT school_code, municipality,
       ref_area('index', municipality) AS index_area,
       ref_area('shnor', municipality) AS shnor_area,
       ref_area('objectivity', municipality) AS objectivity_area,
       ref_area('bunching', municipality) AS bunching_area,
       ref_area('tasks', municipality) AS tasks_area,
       ref_area('risk', municipality) AS risk_area,
       ref_area('cohort', municipality) AS cohort_area,
       ref_area('context', municipality) AS context_area,
       ref_area('school_page', municipality) AS school_page_area
FROM stg_schools
