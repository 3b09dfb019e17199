-- The caseload: one row per patient with every figure and flag, filtered, sorted by need
-- and cut to a page. Built on the CTEs of window.sql (flags.py), which are built on
-- due_rows.sql (adherence.py). Parameters: flags.window_params plus condition_ids (each
-- patient's condition by programs/patient_conditions.py, in the order of patient_ids),
-- flag_kind, program_status, limit and offset.
WITH {window},
shown_condition AS (
    SELECT sc.patient_id, sc.condition_id
    FROM unnest(%(patient_ids)s::uuid[], %(condition_ids)s::bigint[])
        AS sc(patient_id, condition_id)
),
current_program AS (
    SELECT p.patient_id, cp.id AS program_id, cp.title, cp.status
    FROM patients p
    LEFT JOIN LATERAL (
        SELECT pr.id, pr.title, pr.status FROM programs_program pr
        WHERE pr.patient_id = p.patient_id
        ORDER BY CASE pr.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 WHEN 'draft' THEN 2
                 ELSE 3 END, pr.start_date DESC, pr.created_at DESC
        LIMIT 1
    ) cp ON true
),
shown_flags AS (
    -- open stored flags, those acknowledged this week (shown muted), and live ones
    SELECT f.patient_id, f.id::text AS flag_id, f.kind, f.raised_on, f.reason,
           NULL::json AS numbers, f.acknowledged_at IS NOT NULL AS acknowledged
    FROM programs_flag f JOIN patients p ON p.patient_id = f.patient_id
    -- the id list again, on the flag table itself: it lets PostgreSQL use the flags'
    -- (patient, acknowledged_at) index rather than scan every flag of every clinic
    WHERE f.patient_id = ANY(%(patient_ids)s)
      AND (f.acknowledged_at IS NULL OR f.raised_on > p.today - 7)
    UNION ALL
    SELECT patient_id, NULL, kind, raised_on, '', numbers, false FROM open_computed
),
flag_summary AS (
    SELECT patient_id,
           json_agg(json_build_object(
               'flag_id', flag_id, 'kind', kind, 'raised_on', raised_on, 'reason', reason,
               'numbers', numbers, 'acknowledged', acknowledged)
               ORDER BY acknowledged, CASE kind WHEN 'red_flag' THEN 0 WHEN 'red_pain' THEN 1
                        WHEN 'flare' THEN 2 WHEN 'rising_pain' THEN 3 WHEN 'missed' THEN 4
                        ELSE 5 END,
                        raised_on DESC) AS flags,
           bool_or(NOT acknowledged AND kind = 'red_flag') AS red_flag,
           bool_or(NOT acknowledged AND kind = 'red_pain') AS red,
           bool_or(NOT acknowledged AND kind IN ({URGENT_KINDS_SQL})) AS urgent,
           bool_or(NOT acknowledged AND kind = 'missed') AS missed,
           array_agg(kind) FILTER (WHERE NOT acknowledged) AS open_kinds
    FROM shown_flags GROUP BY patient_id
),
caseload AS (
    SELECT p.patient_id, p.full_name, p.email, p.today, cond.name AS condition,
           NULLIF(cond.symptom_label, '') AS symptom,
           a.due_7, a.done_7, a.due_28, a.done_28,
           lw.morning_mean, lw.morning_before,
           pain.worst_7,
           p.today - ll.last_log AS days_since_log,
           cp.program_id, cp.title AS program_title, cp.status AS program_status,
           COALESCE(fs.flags, '[]'::json) AS flags,
           COALESCE(fs.red_flag, false) AS red_flag,
           COALESCE(fs.red, false) AS red,
           COALESCE(fs.urgent, false) AS urgent,
           COALESCE(fs.missed, false) AS missed,
           COALESCE(fs.open_kinds, '{{}}') AS open_kinds
    FROM patients p
    JOIN adherence a ON a.patient_id = p.patient_id
    JOIN pain ON pain.patient_id = p.patient_id
    JOIN last_log ll ON ll.patient_id = p.patient_id
    JOIN last_week lw ON lw.patient_id = p.patient_id
    JOIN current_program cp ON cp.patient_id = p.patient_id
    LEFT JOIN flag_summary fs ON fs.patient_id = p.patient_id
    LEFT JOIN shown_condition sc ON sc.patient_id = p.patient_id
    LEFT JOIN exercises_condition cond ON cond.id = sc.condition_id
)
SELECT patient_id, full_name, email, today, condition, due_7, done_7, due_28, done_28,
       morning_mean, morning_before, worst_7, days_since_log, program_id, program_title,
       program_status, symptom, flags, COUNT(*) OVER () AS total
FROM caseload
WHERE (%(flag_kind)s = '' OR %(flag_kind)s = ANY(open_kinds))
  AND (%(program_status)s = ''
       OR program_status = %(program_status)s
       OR (%(program_status)s = '{NO_PROGRAM}' AND program_status IS NULL))
-- a red-flag symptom (a "yes" in the weekly check-in) first, then red, then amber, then
-- missed days, then the lowest adherence
ORDER BY red_flag DESC, red DESC, urgent DESC, missed DESC,
         done_7::numeric / NULLIF(due_7, 0) ASC NULLS LAST, lower(full_name), patient_id
LIMIT %(limit)s OFFSET %(offset)s
