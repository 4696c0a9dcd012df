-- Works (one per uploaded КИМ or exam protocol): what every pupil row of the work shares.
SELECT upload_id, work_no, assessment, school_year, subject, kim_grade, grade, exam_date, max_score, task_labels, task_max, session
FROM works
