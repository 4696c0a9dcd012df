-- ВПР vs ГИА for the same cohort (§2.4 [R]): ВПР-8 (year y−1) → ОГЭ-9 (year y), ВПР-10 (y−1) → ЕГЭ-11 (y), same subject.
-- ΔКУ = КУ(ВПР) − КУ(ГИА) compared with the municipality's ΔКУ; D = percentile of the school on ВПР − percentile on ГИА.
-- Tested only where the whole cohort sits the exam and КУ is a mark share: compulsory ОГЭ subjects (elective takers
-- choose themselves, so their КУ is not the cohort's; ЕГЭ has no marks except basic mathematics). One-sided z-test of
-- dku_excess > 0: SE from the school's two shares as independent binomials (conservative: mostly the same pupils),
-- Agresti–Caffo (k + 1)/(n + 2) so a 0% or 100% share still has spread; the municipal ΔКУ is taken as known.
-- Benjamini–Hochberg across the ГИА year's tests, as in mart_bunching. Percentiles, the reference ΔКУ and the BH family
-- are those of the school's reference area (cohort_area; «municipality» in the names below).
WITH areas AS (
  SELECT school_code, cohort_area AS ref_area FROM mart_school_areas
), compulsory(assessment, subject) AS (
  -- Compulsory ГИА subjects as the store names them (config params are numbers only, so the list lives here).
  VALUES ('ОГЭ', 'Русский язык'), ('ОГЭ', 'Математика'),
         ('ЕГЭ', 'Русский язык'), ('ЕГЭ', 'Математика (база)'), ('ЕГЭ', 'Математика (профиль)')
), schools AS (
  -- ВПР of the spring sitting only: autumn 2020 wrote the previous grade's КИМ (grade 8 wrote КИМ 7).
  SELECT s.*, a.ref_area FROM mart_school_metrics s LEFT JOIN areas a USING (school_code)
  WHERE s.area_level = 'school' AND s.session IS DISTINCT FROM 'осень'
), m AS (
  SELECT *, percent_rank() OVER (PARTITION BY ref_area, school_year, assessment, subject, grade ORDER BY round(coalesce(mean_test_score, mean_primary_pct, mean_mark), 9)) AS pct -- rounded: ties stay ties whatever the summation order
  FROM schools WHERE NOT insufficient AND assessment IN ('ВПР', 'ОГЭ', 'ЕГЭ')
), mun AS (
  -- The area's КУ: every registry school of the area, insufficient ones included (as the municipality rows sum them).
  SELECT ref_area, school_year, assessment, subject, grade, sum(n4 + n5) / nullif(sum(marked), 0) AS ku FROM schools GROUP BY ALL
), pairs AS (
  SELECT v.school_code, v.ref_area, g.school_year, v.school_year AS vpr_year, g.assessment AS gia, v.subject AS vpr_subject, g.subject, v.grade AS vpr_grade, g.grade AS gia_grade,
         v.ku AS ku_vpr, g.ku AS ku_gia, v.pct AS pct_vpr, g.pct AS pct_gia, v.marked AS n_vpr, g.marked AS n_gia,
         (v.n4 + v.n5)::DOUBLE AS k_vpr, (g.n4 + g.n5)::DOUBLE AS k_gia
  FROM m v JOIN m g ON g.school_code = v.school_code
   AND (g.subject = v.subject OR (v.subject = 'Математика' AND g.subject IN ('Математика (профиль)', 'Математика (база)')))
   AND ((v.grade = 8 AND g.assessment = 'ОГЭ' AND g.grade = 9) OR (v.grade = 10 AND g.assessment = 'ЕГЭ' AND g.grade = 11))
   AND left(g.school_year, 4)::INTEGER = left(v.school_year, 4)::INTEGER + 1
  WHERE v.assessment = 'ВПР'
), stats AS (
  SELECT p.*, p.ku_vpr - p.ku_gia AS dku, mv.ku - mg.ku AS dku_municipality,
         (p.ku_vpr - p.ku_gia) - (mv.ku - mg.ku) AS dku_excess, p.pct_vpr - p.pct_gia AS d,
         c.subject IS NOT NULL AS compulsory,
         sqrt((p.k_vpr + 1) / (p.n_vpr + 2) * (1 - (p.k_vpr + 1) / (p.n_vpr + 2)) / (p.n_vpr + 2)
            + (p.k_gia + 1) / (p.n_gia + 2) * (1 - (p.k_gia + 1) / (p.n_gia + 2)) / (p.n_gia + 2)) AS se
  FROM pairs p
  LEFT JOIN mun mv ON mv.ref_area = p.ref_area AND mv.school_year = p.vpr_year AND mv.assessment = 'ВПР' AND mv.subject = p.vpr_subject AND mv.grade = p.vpr_grade
  LEFT JOIN mun mg ON mg.ref_area = p.ref_area AND mg.school_year = p.school_year AND mg.assessment = p.gia AND mg.subject = p.subject AND mg.grade = p.gia_grade
  LEFT JOIN compulsory c ON c.assessment = p.gia AND c.subject = p.subject
), tested AS (
  SELECT s.*, s.gia = 'ОГЭ' AND s.compulsory AND s.dku_excess IS NOT NULL AS is_tested,
         CASE WHEN s.gia = 'ОГЭ' AND s.compulsory AND s.dku_excess IS NOT NULL THEN norm_sf(s.dku_excess / s.se) END AS p_value
  FROM stats s
), ranked AS (
  SELECT t.*, row_number() OVER (PARTITION BY ref_area, school_year, is_tested ORDER BY p_value, school_code, subject) AS bh_rank,
         count(*) OVER (PARTITION BY ref_area, school_year, is_tested) AS family_size
  FROM tested t
), bh AS (
  SELECT r.*, CASE WHEN is_tested THEN least(1.0, min(p_value * family_size / bh_rank) OVER (PARTITION BY ref_area, school_year, is_tested ORDER BY bh_rank DESC
                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) END AS q_value
  FROM ranked r
), levels AS (
  SELECT b.*, CASE WHEN is_tested AND dku_excess >= cfg('cohort_dku_excess') THEN
                CASE WHEN q_value < cfg('cohort_q') THEN 'зона внимания' ELSE 'сигнал' END END AS flag_level
  FROM bh b
)
SELECT school_code, ref_area, school_year, vpr_year, gia, subject, vpr_grade, gia_grade, ku_vpr, ku_gia, pct_vpr, pct_gia, n_vpr, n_gia,
       dku, dku_municipality, dku_excess, d, compulsory, se,
       dku_excess - cfg('ci_z') * se AS dku_lo, dku_excess + cfg('ci_z') * se AS dku_hi,
       p_value, q_value, CASE WHEN is_tested THEN family_size END::BIGINT AS family_size,
       flag_level, flag_level IS NOT NULL AS flag_dku
FROM levels
