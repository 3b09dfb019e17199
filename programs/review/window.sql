-- The live figures and flags of a set of patients, each on their own local today: CTEs
-- (without the leading WITH) that caseload.sql and flags.py build on. The numbers in braces
-- come from programs/rules.py; docs/clinical-rules.md says what each rule means.
--
-- Composition:
--   due_rows (due_rows.sql) → days → adherence                        (7, 14 and 28 days)
--   recent_logs → pain                                    (1. pain during exercise)
--   recent_logs → mornings → morning_checks → flares      (2. the next morning)
--   mornings → weeks → trend, last_week                   (3. the week-on-week trend)
--   last_log → missed                                     (missed scheduled days)
--   all of them → computed_flags → open_computed          (what no stored row covers yet)
-- Parameters: patient_ids, now, start, end, done_from (flags.window_params).
due_rows AS ({due_rows}),
patients AS (
    SELECT u.id AS patient_id, u.full_name, u.email, c.missed_days_flag,
           (%(now)s::timestamptz AT TIME ZONE COALESCE(NULLIF(pp.timezone, ''), c.timezone))::date
               AS today
    FROM accounts_user u
    JOIN accounts_clinic c ON c.id = u.clinic_id
    -- The id list again on the profile: without it the planner hashes every profile of
    -- every clinic (100,000 at the benchmark's largest size) to join a page's 25.
    LEFT JOIN accounts_patientprofile pp
        ON pp.user_id = u.id AND pp.user_id = ANY(%(patient_ids)s)
    WHERE u.id = ANY(%(patient_ids)s)
),
days AS (
    SELECT patient_id, day, SUM(due)::int AS due, SUM(done)::int AS done
    FROM due_rows GROUP BY patient_id, day
),
adherence AS (
    SELECT p.patient_id,
           COALESCE(SUM(d.due) FILTER (WHERE d.day > p.today - 7), 0) AS due_7,
           COALESCE(SUM(d.done) FILTER (WHERE d.day > p.today - 7), 0) AS done_7,
           COALESCE(SUM(d.due) FILTER (WHERE d.day > p.today - {PROGRESS_DAYS}), 0) AS due_14,
           COALESCE(SUM(d.done) FILTER (WHERE d.day > p.today - {PROGRESS_DAYS}), 0) AS done_14,
           COALESCE(SUM(d.due) FILTER (WHERE d.day > p.today - {ADHERENCE_DAYS}), 0) AS due_28,
           COALESCE(SUM(d.done) FILTER (WHERE d.day > p.today - {ADHERENCE_DAYS}), 0) AS done_28
    FROM patients p LEFT JOIN days d ON d.patient_id = p.patient_id
    GROUP BY p.patient_id
),
recent_logs AS (
    -- the logs of the trend's weeks, which also hold every baseline the flares need
    SELECT l.patient_id, l.date, l.morning_pain, l.exercise_pain, l.difficulty, pr.pain_limit,
           l.date > p.today - {RED_DAYS} AND l.exercise_pain > pr.pain_limit AS red
    FROM programs_sessionlog l
    JOIN patients p ON p.patient_id = l.patient_id
    JOIN programs_program pr ON pr.id = l.program_id
    WHERE l.date > p.today - {TREND_WEEKS} * 7 AND l.date <= p.today
),
pain AS (
    -- 1. pain during exercise, and what "ready to progress" asks of the last 14 days
    SELECT p.patient_id,
           MAX(l.exercise_pain) FILTER (WHERE l.date > p.today - 7) AS worst_7,
           COUNT(*) FILTER (WHERE l.red) AS red_days,
           MAX(l.exercise_pain) FILTER (WHERE l.red) AS red_worst,
           MIN(l.pain_limit) FILTER (WHERE l.red) AS red_limit,
           MAX(l.date) FILTER (WHERE l.red) AS red_last,
           MAX(l.exercise_pain) FILTER (WHERE l.date > p.today - {PROGRESS_DAYS}) AS worst_14,
           COUNT(l.exercise_pain) FILTER (WHERE l.date > p.today - {PROGRESS_DAYS})
               AS pain_logs_14,
           COALESCE(bool_or(l.exercise_pain > l.pain_limit)
                    FILTER (WHERE l.date > p.today - {PROGRESS_DAYS}), false) AS over_limit_14,
           COUNT(*) FILTER (WHERE l.date > p.today - {PROGRESS_DAYS}
                            AND l.difficulty = 'too_hard') AS too_hard_14,
           COUNT(*) FILTER (WHERE l.date > p.today - {PROGRESS_DAYS}
                            AND l.difficulty = 'too_easy') AS too_easy_14
    FROM patients p LEFT JOIN recent_logs l ON l.patient_id = p.patient_id
    GROUP BY p.patient_id
),
mornings AS (
    -- one morning score a day (the worst, when two programs were logged), with the
    -- strictest limit of that day's programs
    SELECT patient_id, date, MAX(morning_pain) AS score, MIN(pain_limit) AS pain_limit
    FROM recent_logs WHERE morning_pain IS NOT NULL
    GROUP BY patient_id, date
),
morning_checks AS (
    -- 2. each morning against the usual: the mean of the mornings of the days before it
    SELECT b.*,
           b.score > b.pain_limit
           OR (b.baseline_n >= {FLARE_MIN_BASELINE}
               AND b.score * b.baseline_n - b.baseline_sum >= {FLARE_POINTS} * b.baseline_n)
               AS flare
    FROM (
        SELECT m.*,
               COUNT(m.score) OVER baseline AS baseline_n,
               COALESCE(SUM(m.score) OVER baseline, 0) AS baseline_sum
        FROM mornings m
        WINDOW baseline AS (
            PARTITION BY m.patient_id ORDER BY m.date
            RANGE BETWEEN interval '{FLARE_BASELINE_DAYS} days' PRECEDING
                      AND interval '1 day' PRECEDING
        )
    ) b
),
flares AS (
    -- the latest flare of the last {FLARE_DAYS} days, and whether any fell in the last 14
    SELECT p.patient_id,
           (array_agg(mc.date ORDER BY mc.date DESC)
               FILTER (WHERE mc.date > p.today - {FLARE_DAYS}))[1] AS last_day,
           (array_agg(mc.score ORDER BY mc.date DESC)
               FILTER (WHERE mc.date > p.today - {FLARE_DAYS}))[1] AS score,
           (array_agg(CASE WHEN mc.baseline_n >= {FLARE_MIN_BASELINE}
                           THEN round(mc.baseline_sum::numeric / mc.baseline_n, 1) END
                      ORDER BY mc.date DESC)
               FILTER (WHERE mc.date > p.today - {FLARE_DAYS}))[1] AS usual,
           (array_agg(mc.pain_limit ORDER BY mc.date DESC)
               FILTER (WHERE mc.date > p.today - {FLARE_DAYS}))[1] AS pain_limit,
           COUNT(*) FILTER (WHERE mc.date > p.today - {FLARE_DAYS}) AS days_recent,
           COUNT(*) AS days_14
    FROM patients p
    JOIN morning_checks mc ON mc.patient_id = p.patient_id
    WHERE mc.flare AND mc.date > p.today - {PROGRESS_DAYS}
    GROUP BY p.patient_id
),
weeks AS (
    -- 3. the morning scores by week: 0 is the 7 days to today, 1 the 7 before, …
    SELECT p.patient_id, (p.today - m.date) / 7 AS weeks_ago,
           SUM(m.score) AS total, COUNT(*) AS n, MAX(m.date) AS last_day
    FROM patients p JOIN mornings m ON m.patient_id = p.patient_id
    GROUP BY p.patient_id, (p.today - m.date) / 7
),
trend AS (
    -- this week against each earlier week with enough mornings; the biggest rise first
    SELECT DISTINCT ON (w0.patient_id)
           w0.patient_id, w0.last_day, w0.total AS total_0, w0.n AS n_0,
           wk.weeks_ago, wk.total AS total_k, wk.n AS n_k,
           -- mean this week - mean that week >= RISING_POINTS, cross-multiplied to stay exact
           w0.total * wk.n - wk.total * w0.n >= {RISING_POINTS} * w0.n * wk.n AS rising
    FROM weeks w0
    JOIN weeks wk ON wk.patient_id = w0.patient_id
                 AND wk.weeks_ago BETWEEN 1 AND {TREND_WEEKS} - 1
                 AND wk.n >= {TREND_MIN_MORNINGS}
    WHERE w0.weeks_ago = 0 AND w0.n >= {TREND_MIN_MORNINGS}
    ORDER BY w0.patient_id, w0.total::numeric / w0.n - wk.total::numeric / wk.n DESC,
             wk.weeks_ago
),
last_week AS (
    -- this week against the week before, for the caseload's figures and for "flat or
    -- falling" (both weeks with enough mornings; NULL when there is no telling)
    SELECT p.patient_id,
           round(w0.total::numeric / w0.n, 1) AS morning_mean,
           round(w1.total::numeric / w1.n, 1) AS morning_before,
           CASE WHEN w0.n >= {TREND_MIN_MORNINGS} AND w1.n >= {TREND_MIN_MORNINGS}
                THEN w0.total * w1.n - w1.total * w0.n < {FLAT_POINTS} * w0.n * w1.n END
               AS flat_or_falling
    FROM patients p
    LEFT JOIN weeks w0 ON w0.patient_id = p.patient_id AND w0.weeks_ago = 0
    LEFT JOIN weeks w1 ON w1.patient_id = p.patient_id AND w1.weeks_ago = 1
),
last_log AS (
    SELECT p.patient_id, latest.date AS last_log
    FROM patients p
    LEFT JOIN LATERAL (
        SELECT l.date FROM programs_sessionlog l
        WHERE l.patient_id = p.patient_id AND l.date <= p.today
        ORDER BY l.date DESC LIMIT 1
    ) latest ON true
),
missed AS (
    -- the scheduled days since the last log, today left out
    SELECT d.patient_id, COUNT(*) AS days, MIN(d.day) AS since
    FROM days d
    JOIN patients p ON p.patient_id = d.patient_id
    JOIN last_log ll ON ll.patient_id = d.patient_id
    WHERE d.day < p.today AND (ll.last_log IS NULL OR d.day > ll.last_log)
    GROUP BY d.patient_id
),
computed_flags AS (
    SELECT patient_id, 'red_pain' AS kind, red_last AS raised_on,
           json_build_object('worst', red_worst, 'days', red_days, 'limit', red_limit) AS numbers
    FROM pain WHERE red_days > 0
    UNION ALL
    SELECT patient_id, 'flare', last_day,
           json_build_object('score', score, 'usual', usual, 'limit', pain_limit,
                             'days', days_recent)
    FROM flares WHERE days_recent > 0
    UNION ALL
    SELECT t.patient_id, 'rising_pain', t.last_day,
           json_build_object('mean', round(t.total_0::numeric / t.n_0, 1),
                             'before', round(t.total_k::numeric / t.n_k, 1),
                             'change', round(t.total_0::numeric / t.n_0
                                             - t.total_k::numeric / t.n_k, 1),
                             'weeks_ago', t.weeks_ago, 'mornings', t.n_0)
    FROM trend t WHERE t.rising
    UNION ALL
    SELECT m.patient_id, 'missed', m.since, json_build_object('days', m.days, 'since', m.since)
    FROM missed m JOIN patients p ON p.patient_id = m.patient_id
    WHERE m.days >= p.missed_days_flag
    UNION ALL
    SELECT a.patient_id, 'progress', p.today,
           json_build_object('adherence', floor(100.0 * a.done_14 / a.due_14),
                             'worst', pain.worst_14, 'logs', pain.pain_logs_14,
                             'too_easy', pain.too_easy_14)
    FROM adherence a
    JOIN pain ON pain.patient_id = a.patient_id
    JOIN patients p ON p.patient_id = a.patient_id
    JOIN last_week lw ON lw.patient_id = a.patient_id
    WHERE a.due_14 > 0
      AND {PROGRESS_ADHERENCE[1]} * a.done_14 >= {PROGRESS_ADHERENCE[0]} * a.due_14
      AND pain.pain_logs_14 >= {PROGRESS_MIN_LOGS} AND NOT pain.over_limit_14
      AND pain.too_hard_14 = 0
      AND lw.flat_or_falling
      AND NOT EXISTS (SELECT 1 FROM flares f WHERE f.patient_id = a.patient_id)
      AND NOT EXISTS (SELECT 1 FROM trend t WHERE t.patient_id = a.patient_id AND t.rising)
      -- never while a red or amber flag waits for a clinician
      AND NOT EXISTS (
          SELECT 1 FROM programs_flag f
          WHERE f.patient_id = ANY(%(patient_ids)s)
            AND f.patient_id = a.patient_id AND f.kind IN ({URGENT_KINDS_SQL})
            AND f.acknowledged_at IS NULL
      )
),
open_computed AS (
    -- a stored row for the same event (raised by the logging side, or acknowledged) wins;
    -- an acknowledged "ready to progress" holds for the {PROGRESS_DAYS} days it looked at
    SELECT c.* FROM computed_flags c
    WHERE NOT EXISTS (
        SELECT 1 FROM programs_flag f
        WHERE f.patient_id = ANY(%(patient_ids)s)  -- an index condition: see caseload.py
          AND f.patient_id = c.patient_id AND f.kind = c.kind
          AND (f.raised_on = c.raised_on
               OR (c.kind = 'progress' AND f.acknowledged_at IS NOT NULL
                   AND f.raised_on > c.raised_on - {PROGRESS_DAYS}))
    )
)
