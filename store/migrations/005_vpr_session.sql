-- ВПР sitting of a work: 'весна' or 'осень' (autumn 2020: grade N+1 wrote the КИМ of grade N in Sept–Oct, school
-- year 2020/21, beside the spring 2021 ВПР of the same year). NULL for ОГЭ/ЕГЭ/АКР. Part of the ВПР slice key
-- (ingest/sql/replace_slices.sql) and of every ВПР grouping in the marts.
ALTER TABLE works ADD COLUMN session VARCHAR;
-- Works loaded before: the parser gave an autumn work grade = КИМ grade + 1 (and only an autumn work), so that is
-- how the stored ones are told apart.
UPDATE works SET session = CASE WHEN grade = kim_grade + 1 THEN 'осень' ELSE 'весна' END WHERE assessment = 'ВПР';
