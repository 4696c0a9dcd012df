-- КУ, ОУ, СОУ, mean marks and shares with Wilson 95% intervals per school × year × assessment × subject × grade
-- (× ВПР sitting: autumn 2020 «Математика, 6 кл.» — КИМ 5 — is a row apart from spring 2021's),
-- plus municipality rows (sum over the registry's schools of the municipality) and region rows where an aggregate report
-- gives them or regional per-pupil files were loaded (schools outside the registry appear only there).
-- ОГЭ/ЕГЭ: first attempts only (so 1 − share_below_min is the share passed without a retake); retakes counted apart.
WITH counts AS (
  SELECT g.*, coalesce(s.short_name, g.school_code) AS short_name, s.municipality FROM int_group_counts g LEFT JOIN stg_schools s USING (school_code)
), school AS (
  SELECT 'school' AS area_level, school_code, short_name AS area_name, municipality, school_year, assessment, subject, grade, session,
         participants, n2, n3, n4, n5, n_na, mean_mark, mean_primary_pct, mean_test_score, n_below_min, n_min_known, data_source, retakes, retake_passed
  FROM counts WHERE in_registry
), areas AS (
  -- The municipality: the registry's schools. The region (regional per-pupil files): every school of a region that
  -- schools outside the registry belong to, the municipality's own included, as in ФИС ОКО's «регион» rows; schools
  -- outside the registry whose region no identifier tells form one group «ОО вне реестра». Only in the slices (year,
  -- work) a regional file covers: elsewhere the «region» would be the municipality's schools alone under its name.
  SELECT 'municipality' AS area_level, coalesce(municipality, 'Все ОО') AS area_name, municipality, 'sum' AS area_source, * EXCLUDE (municipality)
  FROM counts WHERE in_registry
  UNION ALL
  SELECT 'region', CASE WHEN region_code IS NULL THEN 'ОО вне реестра' ELSE 'Регион ' || region_code END, NULL, 'per-pupil', * EXCLUDE (municipality)
  FROM counts c WHERE data_source = 'per-pupil' AND (region_code IS NOT NULL OR NOT in_registry)
    AND EXISTS (SELECT 1 FROM counts o WHERE NOT o.in_registry AND o.region_code IS NOT DISTINCT FROM c.region_code
                AND o.school_year = c.school_year AND o.assessment = c.assessment AND o.subject = c.subject
                AND o.grade IS NOT DISTINCT FROM c.grade AND o.session IS NOT DISTINCT FROM c.session)
), summed AS (
  SELECT area_level, NULL AS school_code, area_name, municipality, school_year, assessment, subject, grade, session,
         sum(participants), sum(n2), sum(n3), sum(n4), sum(n5), sum(n_na),
         sum(mean_mark * participants) / nullif(sum(participants) FILTER (mean_mark IS NOT NULL), 0),
         sum(mean_primary_pct * participants) / nullif(sum(participants) FILTER (mean_primary_pct IS NOT NULL), 0),
         sum(mean_test_score * participants) / nullif(sum(participants) FILTER (mean_test_score IS NOT NULL), 0),
         sum(n_below_min), sum(n_min_known), any_value(area_source), sum(retakes), sum(retake_passed)
  FROM areas GROUP BY area_level, area_name, municipality, school_year, assessment, subject, grade, session
), reported AS (
  SELECT 'region', NULL, a.name, NULL, a.school_year, a.assessment, a.subject, a.grade, CASE WHEN a.assessment = 'ВПР' THEN 'весна' END, round(a.participants)::BIGINT,
         round(a.n2)::BIGINT, round(a.n3)::BIGINT, round(a.n4)::BIGINT, round(a.n5)::BIGINT, 0,
         coalesce(a.mean_mark, (2 * a.n2 + 3 * a.n3 + 4 * a.n4 + 5 * a.n5) / nullif(a.n2 + a.n3 + a.n4 + a.n5, 0)),
         NULL::DOUBLE, a.mean_score, round(a.n2)::BIGINT, round(a.participants)::BIGINT, 'aggregate', NULL::BIGINT, NULL::BIGINT
  FROM int_aggregates a WHERE a.area_level IN ('region', 'all') AND a.participants IS NOT NULL AND a.compared IS NULL
), base AS (
  -- КУ/ОУ/СОУ/доля «2» are shares of the participants who got a mark: a ЕГЭ subject scored in test points only, or a
  -- row without a mark, has no mark and must not dilute them (NULL, shown «—», when nobody in the slice has one).
  SELECT *, n2 + n3 + n4 + n5 + n_na AS marked FROM (SELECT * FROM school UNION ALL SELECT * FROM summed UNION ALL SELECT * FROM reported)
)
SELECT area_level, school_code, area_name, municipality, school_year, assessment, subject, grade, session,
       participants::BIGINT AS participants, n2::BIGINT AS n2, n3::BIGINT AS n3, n4::BIGINT AS n4, n5::BIGINT AS n5, n_na::BIGINT AS n_na,
       marked::BIGINT AS marked, mean_mark, mean_primary_pct, mean_test_score,
       (n4 + n5) / nullif(marked, 0) AS ku,
       wilson_lo(n4 + n5, marked) AS ku_lo, wilson_hi(n4 + n5, marked) AS ku_hi,
       (n3 + n4 + n5) / nullif(marked, 0) AS ou,
       wilson_lo(n3 + n4 + n5, marked) AS ou_lo, wilson_hi(n3 + n4 + n5, marked) AS ou_hi,
       (cfg('sou_w5') * n5 + cfg('sou_w4') * n4 + cfg('sou_w3') * n3 + cfg('sou_w2') * n2 + cfg('sou_wna') * n_na) / nullif(marked, 0) / 100 AS sou,
       n2 / nullif(marked, 0) AS share_2,
       wilson_lo(n2, marked) AS share_2_lo, wilson_hi(n2, marked) AS share_2_hi,
       n_below_min / nullif(n_min_known, 0) AS share_below_min,
       wilson_lo(n_below_min, n_min_known) AS share_below_min_lo, wilson_hi(n_below_min, n_min_known) AS share_below_min_hi,
       participants < cfg('min_n') AS insufficient,
       data_source,
       -- ГИА retakes (ОГЭ/ЕГЭ per-pupil rows; NULL elsewhere): pupils who sat the subject again, those who then passed.
       retakes::BIGINT AS retakes, retake_passed::BIGINT AS retake_passed
FROM base
