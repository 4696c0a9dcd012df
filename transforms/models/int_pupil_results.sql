-- Per-pupil results with their work: assessment, year, subject, grades, the work's maximum and task lists, the ВПР
-- sitting and the school year of its КИМ's scale.
WITH works AS (
  -- Everything that depends on the work only, once per work (per pupil row it cost a scan of every result).
  SELECT w.upload_id, w.work_no, w.assessment, w.school_year, w.subject, w.kim_grade, coalesce(w.grade, w.kim_grade) AS grade,
         w.exam_date,
         -- The sum of task maxima is the work maximum only for ВПР (РЦОИ masks may omit tasks).
         coalesce(w.max_score, CASE WHEN w.assessment = 'ВПР' THEN coalesce(sc.max_score, list_sum(w.task_max)) END) AS max_score,
         w.task_labels, w.task_max,
         -- ВПР sitting ('весна' unless the work says 'осень'; NULL for ГИА) — part of every ВПР grouping — and the
         -- school year of the scale of its КИМ (autumn 2020: 2019/20).
         CASE WHEN w.assessment = 'ВПР' THEN coalesce(w.session, 'весна') END AS session,
         CASE WHEN w.assessment = 'ВПР' THEN vpr_scale_year(w.school_year, w.session) END AS scale_year
  FROM stg_works w
  LEFT JOIN scale_vpr sc ON w.assessment = 'ВПР' AND sc.school_year = vpr_scale_year(w.school_year, w.session) AND sc.subject = w.subject AND sc.kim_grade = w.kim_grade
)
SELECT p.upload_id, w.assessment, w.school_year, w.subject, w.kim_grade, w.grade, w.exam_date, w.max_score, w.task_labels, w.task_max,
       p.school_code, p.in_registry, p.school_ref, p.school_name,
       p.participant_code, p.pupil_key, p.class_name, p.variant, p.status,
       p.primary_score, p.mark, p.mark_from_scale, p.test_score, p.journal_mark, p.task_scores,
       w.session, w.scale_year
FROM stg_pupil_results p
JOIN works w USING (upload_id, work_no)
