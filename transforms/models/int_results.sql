-- The municipality's results: present participants of the registry's schools (int_all_results). Every municipal mart,
-- percentile, median, reference share and BH family reads this model, so results of schools outside the registry (a
-- regional ФИС ОКО or РЦОИ export) never enter them; they are the region reference (region rows of the school metrics).
SELECT * EXCLUDE (in_registry) FROM int_all_results WHERE in_registry
