-- Reference data shipped with the product; {{SEEDS}} is the absolute path of store/seeds/.
-- Only inserted where absent, so uploaded versions and committee edits are never overwritten.
INSERT INTO scale_vpr (school_year, subject, kim_grade, mark3_min, mark4_min, mark5_min, max_score, source)
SELECT y.school_year, s.subject, s.kim_grade, s.mark3_min, s.mark4_min, s.mark5_min, NULL,
       'Поставка: шкалы ВПР 2020–2022 (Алтайский край, shekeldini/Flask)'
FROM read_csv('{{SEEDS}}vpr_scales_2020-2022.csv', header = true) s
CROSS JOIN (VALUES ('2019/20'), ('2020/21'), ('2021/22')) y(school_year)
ON CONFLICT DO NOTHING;

INSERT INTO scale_oge (school_year, subject, mark3_min, mark4_min, mark5_min, max_score, conditions, source)
SELECT y.school_year, s.subject, s.mark3_min, s.mark4_min, s.mark5_min, s.max_score, s.conditions, s.source
FROM read_csv('{{SEEDS}}oge_scales.csv', header = true) s
CROSS JOIN (SELECT (2019 + i)::VARCHAR || '/' || lpad(((20 + i) % 100)::VARCHAR, 2, '0') AS school_year FROM range(0, 8) t(i)) y
ON CONFLICT DO NOTHING;

INSERT INTO scale_ege (valid_from, subject, primary_score, test_score, source)
SELECT '2024/25', subject, primary_score, test_score, 'Неофициальный снимок шкал ЕГЭ 2025–2026 (4ege.ru); сверить с письмом Рособрнадзора'
FROM read_csv('{{SEEDS}}ege_scales_unofficial.csv', header = true)
ON CONFLICT DO NOTHING;

INSERT INTO min_scores SELECT * FROM read_csv('{{SEEDS}}min_scores.csv', header = true) ON CONFLICT DO NOTHING;

INSERT INTO settings VALUES ('pseudonymisation_key', {{SECRET}}) ON CONFLICT DO NOTHING;
