-- One minute's reminders: every patient with reminders on, each chosen local time of today
-- (and of yesterday, for a time just before midnight) whose instant fell in the catch-up
-- window ending `now`, on a chosen weekday, when that session is due and not yet ticked.
-- A patient who has let `missed_days_flag` days pass without a log gets one nudge instead
-- (slot 0, at the first time of the day) and no more reminders until they log again.
-- Inserted in the same statement, each once: the unique (patient, local_date, slot) makes a
-- second scheduler's insert do nothing, and RETURNING names only the rows this one made.
-- Parameters: now (a timestamptz), window (an interval).
WITH patients AS (
    SELECT rs.patient_id, rs.times, rs.weekdays, c.missed_days_flag,
           COALESCE(NULLIF(pp.timezone, ''), c.timezone) AS tz
    FROM programs_remindersettings rs
    JOIN accounts_user u ON u.id = rs.patient_id
    JOIN accounts_clinic c ON c.id = u.clinic_id
    JOIN accounts_patientprofile pp ON pp.user_id = rs.patient_id
    WHERE rs.enabled AND u.is_active
),
due AS MATERIALIZED (
    -- Local date + local time AT TIME ZONE: the instant, whatever the offset that day, so a
    -- DST change moves the UTC time and never the local one; a local time the clocks skip
    -- is read in the offset before the change (PostgreSQL's rule), so it is still sent.
    SELECT p.patient_id, p.missed_days_flag, day.local_date, t.slot::int AS slot,
           (day.local_date + t.at_time) AT TIME ZONE p.tz AS due_at
    FROM patients p
    CROSS JOIN LATERAL (
        SELECT (%(now)s::timestamptz AT TIME ZONE p.tz)::date - back AS local_date
        FROM (VALUES (0), (1)) AS b(back)
    ) day
    CROSS JOIN LATERAL unnest(p.times) WITH ORDINALITY AS t(at_time, slot)
    WHERE p.weekdays & (1 << (extract(isodow FROM day.local_date)::int - 1)) <> 0
      AND (day.local_date + t.at_time) AT TIME ZONE p.tz <= %(now)s::timestamptz
      AND (day.local_date + t.at_time) AT TIME ZONE p.tz > %(now)s::timestamptz - %(window)s
),
checked AS (
    SELECT d.*,
           -- Something of a running program is due in this session: as Today and adherence
           -- define due (the status history, the dose in effect, its weekdays and times).
           EXISTS (
               SELECT 1 FROM programs_program pr
               JOIN programs_programstatusspan sp ON sp.program_id = pr.id
               JOIN programs_prescription rx ON rx.program_id = pr.id
               WHERE pr.patient_id = d.patient_id
                 AND pr.start_date <= d.local_date
                 AND (pr.end_date IS NULL OR pr.end_date >= d.local_date)
                 AND sp.status = 'active' AND sp.start_date <= d.local_date
                 AND (sp.end_date IS NULL OR sp.end_date >= d.local_date)
                 AND rx.valid_from <= d.local_date
                 AND (rx.valid_until IS NULL OR rx.valid_until >= d.local_date)
                 AND rx.weekdays & (1 << (extract(isodow FROM d.local_date)::int - 1)) <> 0
                 AND rx.times_per_day >= d.slot
           ) AS is_due,
           -- The session already ticked for some item that day (sessions = 0: the first
           -- times_done sessions, as ExerciseCompletion.session_numbers reads it).
           EXISTS (
               SELECT 1 FROM programs_sessionlog l
               JOIN programs_exercisecompletion ec ON ec.log_id = l.id
               WHERE l.patient_id = d.patient_id AND l.date = d.local_date
                 AND (ec.sessions & (1 << (d.slot - 1)) <> 0
                      OR (ec.sessions = 0 AND ec.times_done >= d.slot))
           ) AS logged,
           -- The last day the patient was going: their last log, or the start of a running
           -- program's latest active stretch, whichever is later.
           GREATEST(
               (SELECT max(l.date) FROM programs_sessionlog l
                WHERE l.patient_id = d.patient_id AND l.date < d.local_date),
               (SELECT max(sp.start_date) FROM programs_program pr
                JOIN programs_programstatusspan sp ON sp.program_id = pr.id
                WHERE pr.patient_id = d.patient_id AND sp.status = 'active'
                  AND sp.start_date <= d.local_date)
           ) AS last_going
    FROM due d
),
decided AS (
    SELECT c.*, c.local_date - c.last_going - 1 >= c.missed_days_flag AS lapsed
    FROM checked c
)
INSERT INTO programs_reminder (patient_id, local_date, slot, kind, due_at, created_at)
SELECT patient_id, local_date,
       CASE WHEN lapsed THEN 0 ELSE slot END,
       CASE WHEN lapsed THEN 'nudge' ELSE 'session' END,
       due_at, %(now)s
FROM decided
WHERE is_due
  AND ((NOT lapsed AND NOT logged)
       OR (lapsed AND slot = 1 AND NOT EXISTS (
           SELECT 1 FROM programs_reminder r
           WHERE r.patient_id = decided.patient_id AND r.kind = 'nudge'
             AND r.local_date > decided.last_going)))
ON CONFLICT (patient_id, local_date, slot) DO NOTHING
RETURNING id
