-- ВПР vs ГИА for the same cohort (§2c): ВПР-8 (year y−1) → ОГЭ-9 (year y), ВПР-10 (y−1) → ЕГЭ-11 (y), same subject.
-- ΔКУ = КУ(ВПР) − КУ(ОГЭ) compared with the municipality's ΔКУ; D = percentile of the school on ВПР − percentile on ГИА.
WITH m AS (
  SELECT *, percent_rank() OVER (PARTITION BY school_year, assessment, subject, grade ORDER BY coalesce(mean_test_score, mean_primary_pct, mean_mark)) AS pct
  FROM mart_school_metrics WHERE level = 'school' AND NOT insufficient AND assessment IN ('ВПР', 'ОГЭ', 'ЕГЭ')
), mun AS (
  SELECT school_year, assessment, subject, grade, sum(n4 + n5) / sum(participants) AS ku FROM mart_school_metrics WHERE level = 'municipality' GROUP BY ALL
), pairs AS (
  SELECT v.school_code, g.school_year, v.school_year AS vpr_year, g.assessment AS gia, v.subject, v.grade AS vpr_grade, g.grade AS gia_grade,
         v.ku AS ku_vpr, g.ku AS ku_gia, v.pct AS pct_vpr, g.pct AS pct_gia, v.participants AS n_vpr, g.participants AS n_gia
  FROM m v JOIN m g ON g.school_code = v.school_code AND (g.subject = v.subject OR (v.subject = 'Математика' AND g.subject = 'Математика (профиль)'))
   AND ((v.grade = 8 AND g.assessment = 'ОГЭ' AND g.grade = 9) OR (v.grade = 10 AND g.assessment = 'ЕГЭ' AND g.grade = 11))
   AND left(g.school_year, 4)::INTEGER = left(v.school_year, 4)::INTEGER + 1
  WHERE v.assessment = 'ВПР'
)
SELECT p.*, p.ku_vpr - p.ku_gia AS dku, mv.ku - mg.ku AS dku_municipality,
       (p.ku_vpr - p.ku_gia) - (mv.ku - mg.ku) AS dku_excess, p.pct_vpr - p.pct_gia AS d,
       p.gia = 'ОГЭ' AND (p.ku_vpr - p.ku_gia) - (mv.ku - mg.ku) >= cfg('cohort_dku_excess') AS flag_dku
FROM pairs p
LEFT JOIN mun mv ON mv.school_year = p.vpr_year AND mv.assessment = 'ВПР' AND mv.subject = p.subject AND mv.grade = p.vpr_grade
LEFT JOIN mun mg ON mg.school_year = p.school_year AND mg.assessment = p.gia AND mg.subject = p.subject AND mg.grade = p.gia_grade
