-- One definition of «обучающиеся с рисками учебной неуспешности» (the seeds' «неуспевающие по итогам четверти, года»):
-- pupils of the e-journal with a «2» or «н/а» in any subject for any period of the school year (term, half-year or
-- year), per school × year, against the pupils with any mark. Read by the programme indicators (at_risk_share,
-- failing_pupils), the risk profile and the programme exit criterion.
SELECT school_code, school_year, count(DISTINCT pupil_key)::BIGINT AS pupils,
       count(DISTINCT pupil_key) FILTER (mark = 2 OR mark_text = 'н/а')::BIGINT AS failing,
       count(DISTINCT pupil_key) FILTER (mark = 2 OR mark_text = 'н/а') / count(DISTINCT pupil_key) AS share
FROM stg_journal_marks
WHERE in_registry AND pupil_key IS NOT NULL AND (mark BETWEEN 2 AND 5 OR mark_text = 'н/а')
GROUP BY ALL
