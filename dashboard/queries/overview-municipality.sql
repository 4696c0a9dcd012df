-- Municipality totals for ВПР in the year (the benchmark row of the overview): one municipality ($mo) or all.
SELECT sum(participants) AS vpr_n, sum(n4 + n5) / nullif(sum(marked), 0) AS ku,
       sum(n3 + n4 + n5) / nullif(sum(marked), 0) AS ou
FROM mart_school_metrics
WHERE area_level = 'municipality' AND assessment = 'ВПР' AND school_year = $year AND ($mo::VARCHAR IS NULL OR municipality = $mo)
