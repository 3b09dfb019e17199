-- The version of every row the today page reads for one patient: where the row version
-- lies in its table (ctid) and the transaction that wrote it (xmin). An insert or an update
-- writes a new pair and a delete removes one, so the digest changes whenever anything the
-- page shows does (programs/logs/today_cache.py).
-- Parameters: patient, first, today (the logging window).
WITH programs AS (
    SELECT id, condition_id, 'program' || ctid::text || xmin::text AS version
    FROM programs_program
    WHERE patient_id = %(patient)s
), prescriptions AS (
    SELECT exercise_id, 'prescription' || ctid::text || xmin::text AS version
    FROM programs_prescription
    WHERE program_id IN (SELECT id FROM programs)
), logs AS (
    SELECT id, 'log' || ctid::text || xmin::text AS version
    FROM programs_sessionlog
    WHERE patient_id = %(patient)s AND date BETWEEN %(first)s AND %(today)s
), profile AS (
    SELECT condition_id, 'profile' || ctid::text || xmin::text AS version
    FROM accounts_patientprofile
    WHERE user_id = %(patient)s
)
SELECT md5(string_agg(version, ',' ORDER BY version))
FROM (
    SELECT version FROM programs
    UNION ALL SELECT version FROM prescriptions
    UNION ALL SELECT version FROM logs
    UNION ALL SELECT version FROM profile
    UNION ALL
    SELECT 'span' || ctid::text || xmin::text FROM programs_programstatusspan
    WHERE program_id IN (SELECT id FROM programs)
    UNION ALL
    SELECT 'exercise' || ctid::text || xmin::text FROM exercises_exercise
    WHERE id IN (SELECT exercise_id FROM prescriptions)
    UNION ALL
    SELECT 'condition' || ctid::text || xmin::text FROM exercises_condition
    WHERE id IN (SELECT condition_id FROM programs UNION SELECT condition_id FROM profile)
    UNION ALL
    SELECT 'completion' || ctid::text || xmin::text FROM programs_exercisecompletion
    WHERE log_id IN (SELECT id FROM logs)
    UNION ALL
    SELECT 'flag' || ctid::text || xmin::text FROM programs_flag
    WHERE patient_id = %(patient)s AND raised_on BETWEEN %(first)s - 1 AND %(today)s
    UNION ALL
    SELECT 'check-in' || ctid::text || xmin::text FROM programs_redflagcheckin
    WHERE patient_id = %(patient)s
    UNION ALL
    SELECT 'outcome' || ctid::text || xmin::text FROM programs_outcomeresponse
    WHERE patient_id = %(patient)s
    UNION ALL
    SELECT 'user' || u.ctid::text || u.xmin::text || 'clinic' || c.ctid::text || c.xmin::text
    FROM accounts_user u JOIN accounts_clinic c ON c.id = u.clinic_id
    WHERE u.id = %(patient)s
) versions
