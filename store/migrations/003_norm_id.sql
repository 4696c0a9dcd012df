-- One normalisation for school identifiers, used when the registry map is built (ingest) and when sources are
-- resolved (staging): lower case, ё→е, quotes and punctuation dropped, legal forms abbreviated
-- («Муниципальное автономное общеобразовательное учреждение "Гимназия № 1"» = «МАОУ «Гимназия № 1»»).
CREATE OR REPLACE MACRO norm_id(s) AS trim(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    lower(replace(trim(s), 'ё', 'е')),
    'муниципальное\s+бюджетное\s+общеобразовательное\s+учреждение', 'мбоу', 'g'),
    'муниципальное\s+автономное\s+общеобразовательное\s+учреждение', 'маоу', 'g'),
    'муниципальное\s+казенное\s+общеобразовательное\s+учреждение', 'мкоу', 'g'),
    'муниципальное\s+общеобразовательное\s+учреждение', 'моу', 'g'),
    '[«»"''“”„.,]', ' ', 'g'),
  '\s+', ' ', 'g'));
