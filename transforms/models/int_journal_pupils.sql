-- Each pupil of the e-journal per school × year × period, over all their subjects (the seeds' «качество знаний» and
-- «успеваемость» are shares of pupils, not of marks): «успевающий» — no «2» and no «н/а» in any subject; «на 4 и 5» —
-- every mark 4 or 5; the pupil's СОУ — the mean Simonov weight of their marks. Marks other than 2–5 and «н/а»
-- («зачёт», «осв.») do not count; a pupil without a pseudonymous key cannot be followed across subjects.
SELECT school_code, school_year, period_kind, period_no, pupil_key, max(grade) AS grade, count(*) AS marks,
       bool_and(coalesce(mark BETWEEN 3 AND 5, false)) AS passing,
       bool_and(coalesce(mark BETWEEN 4 AND 5, false)) AS good,
       avg(CASE mark WHEN 5 THEN cfg('sou_w5') WHEN 4 THEN cfg('sou_w4') WHEN 3 THEN cfg('sou_w3') WHEN 2 THEN cfg('sou_w2') ELSE cfg('sou_wna') END) / 100 AS sou
FROM stg_journal_marks
WHERE in_registry AND pupil_key IS NOT NULL AND (mark BETWEEN 2 AND 5 OR mark_text = 'н/а')
GROUP BY ALL
