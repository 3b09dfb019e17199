-- The due rows: one per (prescription, due day), with the completions counted against it.
-- Run by adherence.py; the base of flags' window.sql and so of the caseload.
-- Parameters: patient_ids, start, end, now, done_from (adherence.due_rows_params).
--
-- `due` is MATERIALIZED (and `done`, below): inlined, its rows come out sorted by program
-- (an index scan), and the planner then merge-joins the completions on program_id alone,
-- filtering the other two keys row by row (1.1 M rows removed for a 200-patient dashboard:
-- 170 ms). Materialized,
-- it hash-joins on all three keys: dashboard statement 190 → 69 ms, the 600-patient CSV
-- 610 → 410 ms, one patient's year unchanged (benchmarks/README.md, third round).
WITH due AS MATERIALIZED (
    SELECT p.patient_id, p.id AS program_id, rx.id AS prescription_id, rx.series,
           d::date AS day, rx.times_per_day AS due
    FROM programs_program p
    -- The id list again on the people (as in window.sql's `patients`): index lookups
    -- instead of hashing every user and profile of every clinic.
    JOIN accounts_user u ON u.id = p.patient_id AND u.id = ANY(%(patient_ids)s)
    JOIN accounts_clinic c ON c.id = u.clinic_id
    LEFT JOIN accounts_patientprofile pp
        ON pp.user_id = p.patient_id AND pp.user_id = ANY(%(patient_ids)s)
    -- The days each program was active, by its status history: never a draft, paused or
    -- completed day. Its spans never overlap (an exclusion constraint, whose GiST index,
    -- led by program_id, finds them), so a program active twice yields two disjoint spans.
    CROSS JOIN LATERAL (
        SELECT s.start_date, s.end_date FROM programs_programstatusspan s
        WHERE s.program_id = p.id AND s.status = 'active'
          AND s.start_date <= %(end)s::date
          AND (s.end_date IS NULL OR s.end_date >= %(start)s::date)
        OFFSET 0
    ) span
    -- The prescriptions of these programs only, each program's through the program_id
    -- index (OFFSET 0 keeps the subquery from being flattened into a join the planner
    -- would serve with a scan of every prescription: see benchmarks/README.md).
    CROSS JOIN LATERAL (
        SELECT * FROM programs_prescription rx
        WHERE rx.program_id = p.id
          AND rx.valid_from <= %(end)s::date
          AND (rx.valid_until IS NULL OR rx.valid_until >= %(start)s::date)
        OFFSET 0
    ) rx
    -- LIMIT tells the planner how many days a series holds at most (it guesses 1,000 for a
    -- function), which keeps it on index lookups: see benchmarks/README.md.
    CROSS JOIN LATERAL (SELECT d FROM generate_series(
        GREATEST(p.start_date, span.start_date, rx.valid_from, %(start)s::date),
        LEAST(
            COALESCE(p.end_date, 'infinity'::date),
            COALESCE(span.end_date, 'infinity'::date),
            COALESCE(rx.valid_until, 'infinity'::date),
            %(end)s::date,
            -- the patient's local today: the future is never due
            (%(now)s::timestamptz AT TIME ZONE COALESCE(NULLIF(pp.timezone, ''), c.timezone))::date
        ),
        interval '1 day'
    ) AS d LIMIT GREATEST(%(end)s::date - %(start)s::date + 1, 0)) AS d
    WHERE p.patient_id = ANY(%(patient_ids)s)
      AND rx.weekdays & (1 << (extract(isodow FROM d)::int - 1)) <> 0
), done AS MATERIALIZED (
    -- The completions of these patients in the period (from done_from on), found through
    -- the (patient, date) index, so a clinic's million logs are never scanned, and each
    -- log's few completions through the log_id index. OFFSET 0 keeps that a lookup per log:
    -- flattened into a join, at 100,000 patients the planner guessed 25 completions a log
    -- (there are 3 to 6) and, in a server-side cursor (no parallel workers), scanned all
    -- 38 M completions instead: the 600-patient CSV 0.7 → 5 s. MATERIALIZED: fetched once
    -- and hash-joined to `due` on all three keys; inlined, the planner probed the log table
    -- once per due row instead (63,000 lookups for the CSV; benchmarks/README.md).
    SELECT log.program_id, log.date, ec.prescription_id, ec.times_done
    FROM programs_sessionlog log
    CROSS JOIN LATERAL (
        SELECT ec.prescription_id, ec.times_done FROM programs_exercisecompletion ec
        WHERE ec.log_id = log.id
        OFFSET 0
    ) ec
    WHERE log.patient_id = ANY(%(patient_ids)s)
      AND log.date BETWEEN GREATEST(%(start)s, %(done_from)s) AND %(end)s
)
SELECT due.*, LEAST(COALESCE(done.times_done, 0), due.due) AS done
FROM due
LEFT JOIN done ON done.program_id = due.program_id AND done.date = due.day
              AND done.prescription_id = due.prescription_id
