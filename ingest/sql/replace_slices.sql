-- A corrected file replaces exactly the slices it covers; $upload_id is the new upload.
-- Pupil results: assessment × school year × subject × КИМ grade × school; for ОГЭ/ЕГЭ also the exam date
-- (reserve days stay apart). ВПР reports carry a date and regional exports do not, so ВПР ignores it and keys on
-- the sitting instead: autumn 2020 КИМ 5 (grade 6) and spring 2021 КИМ 5 (grade 5) are both 2020/21.
DELETE FROM pupil_results p USING works w
WHERE p.upload_id = w.upload_id AND p.work_no = w.work_no AND p.upload_id <> $upload_id
  AND EXISTS (
    SELECT 1 FROM pupil_results n JOIN works nw ON n.upload_id = nw.upload_id AND n.work_no = nw.work_no
    WHERE n.upload_id = $upload_id AND nw.assessment = w.assessment AND nw.school_year = w.school_year
      AND nw.subject = w.subject AND nw.kim_grade IS NOT DISTINCT FROM w.kim_grade
      AND CASE WHEN w.assessment = 'ВПР' THEN coalesce(nw.session, 'весна') = coalesce(w.session, 'весна')
               ELSE nw.exam_date IS NOT DISTINCT FROM w.exam_date END
      AND coalesce(n.school_code, n.school_ref) = coalesce(p.school_code, p.school_ref));
-- Journal marks: school × school year × class × subject × period. The school: its registry code resolved at write
-- (the same school spelled differently in two files is one school), else the reference in the file.
DELETE FROM journal_marks j
WHERE j.upload_id <> $upload_id
  AND EXISTS (
    SELECT 1 FROM journal_marks n
    WHERE n.upload_id = $upload_id AND coalesce(n.school_code, n.school_ref) = coalesce(j.school_code, j.school_ref) AND n.school_year = j.school_year
      AND n.class_name IS NOT DISTINCT FROM j.class_name AND n.subject = j.subject
      AND n.period_kind = j.period_kind AND n.period_no IS NOT DISTINCT FROM j.period_no);
-- Aggregates: same report kind (format) × assessment × year × subject × grade × level × group.
DELETE FROM aggregate_results a USING uploads u
WHERE a.upload_id = u.upload_id AND a.upload_id <> $upload_id
  AND EXISTS (
    SELECT 1 FROM aggregate_results n JOIN uploads nu ON nu.upload_id = n.upload_id
    WHERE n.upload_id = $upload_id AND nu.format = u.format AND n.assessment = a.assessment
      AND n.school_year = a.school_year AND n.subject = a.subject AND n.grade IS NOT DISTINCT FROM a.grade
      AND n.level = a.level AND coalesce(n.school_code, n.school_ref, n.name) = coalesce(a.school_code, a.school_ref, a.name)
      AND n.exam_date IS NOT DISTINCT FROM a.exam_date);
-- Programme targets: school × year × indicator × subject × grade; the school compared through the registry, so a
-- file using the login replaces one that used the code.
DELETE FROM program_targets t
WHERE t.upload_id <> $upload_id
  AND EXISTS (
    SELECT 1 FROM program_targets n
    WHERE n.upload_id = $upload_id
      AND coalesce(registry_code(n.school_ref), n.school_ref) = coalesce(registry_code(t.school_ref), t.school_ref)
      AND n.school_year = t.school_year
      AND n.indicator = t.indicator AND n.subject IS NOT DISTINCT FROM t.subject AND n.grade IS NOT DISTINCT FROM t.grade);
-- Programme records carry registry codes (ingest/school-scope.ts). Passport: one per school.
DELETE FROM programmes t
WHERE t.upload_id <> $upload_id
  AND EXISTS (SELECT 1 FROM programmes n WHERE n.upload_id = $upload_id AND n.school_ref = t.school_ref);
-- The school's own indicators: school × indicator.
DELETE FROM programme_indicators t
WHERE t.upload_id <> $upload_id
  AND EXISTS (SELECT 1 FROM programme_indicators n WHERE n.upload_id = $upload_id AND n.school_ref = t.school_ref AND n.indicator = t.indicator);
-- Reported values: school × year × term × indicator.
DELETE FROM reported_values t
WHERE t.upload_id <> $upload_id
  AND EXISTS (SELECT 1 FROM reported_values n WHERE n.upload_id = $upload_id AND n.school_ref = t.school_ref
      AND n.school_year = t.school_year AND n.term IS NOT DISTINCT FROM t.term AND n.indicator = t.indicator);
-- Roadmap: the whole roadmap of the school. Measures imported without a status ($keep) first take over the
-- status, evidence and last edit of the stored measure with the same id, so edits made in the dashboard survive.
UPDATE roadmap_measures n SET status = o.status, evidence = coalesce(n.evidence, o.evidence), updated_at = o.updated_at, updated_by = o.updated_by
FROM roadmap_measures o
WHERE n.upload_id = $upload_id AND list_contains($keep, n.measure_id)
  AND o.measure_id = n.measure_id AND o.school_ref = n.school_ref AND o.upload_id IS DISTINCT FROM $upload_id;
DELETE FROM roadmap_measures t
WHERE t.upload_id IS DISTINCT FROM $upload_id
  AND EXISTS (SELECT 1 FROM roadmap_measures n WHERE n.upload_id = $upload_id AND n.school_ref = t.school_ref);
-- Work descriptions and code dictionaries: same task / code.
DELETE FROM task_info t
WHERE t.upload_id <> $upload_id
  AND EXISTS (SELECT 1 FROM task_info n WHERE n.upload_id = $upload_id AND n.subject IS NOT DISTINCT FROM t.subject
      AND n.kim_grade IS NOT DISTINCT FROM t.kim_grade AND n.task = t.task);
DELETE FROM code_dictionary c
WHERE c.upload_id <> $upload_id
  AND EXISTS (SELECT 1 FROM code_dictionary n WHERE n.upload_id = $upload_id AND n.dictionary = c.dictionary AND n.code = c.code);
-- Works left without any pupil rows are dropped with them.
DELETE FROM works w WHERE w.upload_id <> $upload_id
  AND NOT EXISTS (SELECT 1 FROM pupil_results p WHERE p.upload_id = w.upload_id AND p.work_no = w.work_no);
