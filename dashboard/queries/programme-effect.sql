-- Difference in differences per programme school and outcome, and the district rows (school_code NULL).
SELECT e.school_code, coalesce(s.short_name, s.name, e.school_code) AS school_name, e.programme_name, e.start_year,
       e.outcome, e.outcome_caption, e.unit, e.direction, e.pre_years, e.post_years, e.treated_change, e.control_change,
       e.n_treated, e.n_controls, e.control_group, e.effect, e.se, e.ci_lo, e.ci_hi, e.evidence, e.evidence_text
FROM mart_programme_effect e
LEFT JOIN schools s ON s.school_code = e.school_code
ORDER BY e.outcome_no, e.school_code IS NOT NULL, school_name
