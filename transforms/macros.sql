-- Macros shared by the models. cfg() reads the methodology config loaded into cfg_params by the runner; a missing key
-- fails the query (a NULL threshold would silently switch a rule off).
CREATE OR REPLACE MACRO cfg(k) AS coalesce((SELECT value FROM cfg_params WHERE key = k), error('Нет параметра методики «' || k || '» в config/methodology.json'));
-- The reference area of a school for relative rule r (config reference_areas, cfg_areas): the school's municipality by
-- default, or every school of the registry. The label is what the pages show; a rule missing from the config fails.
CREATE OR REPLACE MACRO ref_area(r, mun) AS CASE coalesce((SELECT area FROM cfg_areas WHERE rule = r), error('Нет опорной территории правила «' || r || '» в config/methodology.json'))
  WHEN 'registry' THEN 'Все ОО реестра' ELSE coalesce(mun, 'Муниципалитет не указан') END;
-- The area in a reason's words: the municipal wording, or the one for every school of the registry.
CREATE OR REPLACE MACRO area_word(area, municipal, registry) AS CASE WHEN area = 'Все ОО реестра' THEN registry ELSE municipal END;
-- «процентиль муниципалитета» or «процентиль всех ОО реестра».
CREATE OR REPLACE MACRO area_gen(area) AS area_word(area, 'муниципалитета', 'всех ОО реестра');
-- Wilson score interval for k successes out of n (95% by default via cfg('ci_z')).
CREATE OR REPLACE MACRO wilson_lo(k, n) AS CASE WHEN n > 0 THEN
  ((k / n) + cfg('ci_z') ^ 2 / (2 * n) - cfg('ci_z') * sqrt((k / n) * (1 - k / n) / n + cfg('ci_z') ^ 2 / (4 * n * n))) / (1 + cfg('ci_z') ^ 2 / n) END;
CREATE OR REPLACE MACRO wilson_hi(k, n) AS CASE WHEN n > 0 THEN
  ((k / n) + cfg('ci_z') ^ 2 / (2 * n) + cfg('ci_z') * sqrt((k / n) * (1 - k / n) / n + cfg('ci_z') ^ 2 / (4 * n * n))) / (1 + cfg('ci_z') ^ 2 / n) END;
-- Russian number formatting for reasons: 0.384 → '0,38'.
CREATE OR REPLACE MACRO ru2(x) AS replace(printf('%.2f', x), '.', ',');
CREATE OR REPLACE MACRO ru_pct(x) AS replace(printf('%.0f', 100 * x), '.', ',') || '%';
-- School years: '2024/25' ↔ 2024 (the autumn calendar year).
CREATE OR REPLACE MACRO sy_start(label) AS left(label, 4)::INTEGER;
CREATE OR REPLACE MACRO sy_label(y) AS y::VARCHAR || '/' || lpad(((y + 1) % 100)::VARCHAR, 2, '0');
-- A value in its indicator's unit for Russian reasons: share 0.351 → '35,1%', index → '0,438', count → '12'.
CREATE OR REPLACE MACRO ru_val(x, unit) AS CASE WHEN x IS NULL THEN '—'
  WHEN unit = 'share' THEN replace(printf('%.1f', 100 * x), '.', ',') || '%'
  WHEN unit = 'index' THEN replace(printf('%.3f', x), '.', ',')
  WHEN unit = 'score' THEN replace(printf('%.1f', x), '.', ',')
  WHEN unit = 'count' THEN replace(printf('%.0f', x), '.', ',')
  ELSE replace(printf('%.2f', x), '.', ',') END;
-- Two-sided 95% (ci_z) Student t quantile for df degrees of freedom (Cornish–Fisher expansion: 4,27 for df = 2 (exact 4,30), 2,776 for df = 4).
CREATE OR REPLACE MACRO t_crit(df) AS cfg('ci_z') + (cfg('ci_z') ^ 3 + cfg('ci_z')) / (4 * df)
  + (5 * cfg('ci_z') ^ 5 + 16 * cfg('ci_z') ^ 3 + 3 * cfg('ci_z')) / (96 * df ^ 2)
  + (3 * cfg('ci_z') ^ 7 + 19 * cfg('ci_z') ^ 5 + 17 * cfg('ci_z') ^ 3 - 15 * cfg('ci_z')) / (384 * df ^ 3)
  + (79 * cfg('ci_z') ^ 9 + 776 * cfg('ci_z') ^ 7 + 1482 * cfg('ci_z') ^ 5 - 1920 * cfg('ci_z') ^ 3 - 945 * cfg('ci_z')) / (92160 * df ^ 4);
-- A signed change in the indicator's unit; shares in percentage points: +0.031 → '+3,1 п.п.'.
CREATE OR REPLACE MACRO ru_diff(x, unit) AS CASE WHEN x IS NULL THEN '—' ELSE CASE WHEN x < 0 THEN '−' ELSE '+' END
  || CASE WHEN unit = 'share' THEN replace(printf('%.1f', 100 * abs(x)), '.', ',') || ' п.п.' ELSE ru_val(abs(x), unit) END END;
-- Size band of a school as on the similar-schools page (dashboard/queries/similar-group.sql).
CREATE OR REPLACE MACRO size_band(enrolment) AS CASE WHEN enrolment IS NULL THEN 'нет данных' WHEN enrolment < 200 THEN 'до 200'
  WHEN enrolment < 500 THEN '200–499' WHEN enrolment < 1000 THEN '500–999' ELSE '1000 и более' END;
-- Standard normal upper tail 1 − Φ(z) and Φ(z): erfc by Abramowitz–Stegun 7.1.26 (|error| < 1.5·10⁻⁷); DuckDB has no erf.
CREATE OR REPLACE MACRO norm_sf(z) AS CASE WHEN z IS NULL THEN NULL ELSE
  (CASE WHEN z >= 0 THEN 0.5 * (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2))) * (0.254829592 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2)))
     * (-0.284496736 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2))) * (1.421413741 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2)))
     * (-1.453152027 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2))) * 1.061405429)))) * exp(-(z * z) / 2)
   ELSE 1 - 0.5 * (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2))) * (0.254829592 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2)))
     * (-0.284496736 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2))) * (1.421413741 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2)))
     * (-1.453152027 + (1.0 / (1 + 0.3275911 * abs(z) / sqrt(2))) * 1.061405429)))) * exp(-(z * z) / 2) END) END;
CREATE OR REPLACE MACRO norm_cdf(z) AS 1 - norm_sf(z);
-- ВПР sitting (§1.2): the school year whose scale applies is that of the КИМ — the autumn sitting writes the previous
-- ВПР's КИМ (autumn 2020: ВПР-2020, scale 2019/20), so it does not share spring 2021's scale (2020/21).
CREATE OR REPLACE MACRO vpr_scale_year(school_year, session) AS
  CASE WHEN session = 'осень' THEN sy_label(sy_start(school_year) - 1) ELSE school_year END;
-- « (осень 2020)» after the name of an autumn-sitting ВПР work in reasons and lists; '' otherwise.
CREATE OR REPLACE MACRO sitting_note(session, school_year) AS
  CASE WHEN session = 'осень' THEN ' (осень ' || sy_start(school_year) || ')' ELSE '' END;
-- The region of a ФИС ОКО login: sch220034, edu223021 → '22' (the subject of the Federation); NULL for other identifiers.
CREATE OR REPLACE MACRO login_region(x) AS CASE WHEN regexp_full_match(lower(trim(x)), '(sch|edu)\d{6}') THEN substr(lower(trim(x)), 4, 2) END;
