"""Stride's clinical rules: every threshold, window and minimum number of readings.

One module, read by the save-time checks (`programs.logs.safety`) and interpolated into the
SQL of the live flags (`programs/review/sql/window.sql`), so the two can never disagree.
`docs/clinical-rules.md` explains each rule in plain words with its source; a number changed
here must be changed there too.

The pain-monitoring model (Silbernagel et al. 2007), as used for plantar heel pain (Rathleff
et al. 2015; APTA/JOSPT heel pain guideline, revision 2023), has three checks:
1. pain DURING exercise: 0–2 safe, up to the program's limit acceptable, above it too much;
2. the 24-hour response: the next morning's symptom has settled back to the usual level;
3. the week-on-week trend: the morning symptom is not rising.
"""

# The daily morning question when a condition names none (conditions.yaml names its own;
# `programs.symptoms` chooses).
DEFAULT_SYMPTOM = "morning pain"
DEFAULT_SYMPTOM_QUESTION = "How bad was your pain when you got up this morning?"

# 1. During exercise (NPRS 0–10).
SAFE_PAIN = 2  # "safe zone": 0–2 (Silbernagel 2007)
DEFAULT_PAIN_LIMIT = 5  # "acceptable" up to 5 unless the condition or clinician sets another
RED_DAYS = 7  # a day above the limit in the last 7 days keeps the red flag live

# 2. The next morning (24-hour response). The morning score logged on a day is the body's
# answer to the day before's session.
FLARE_POINTS = 2  # this far above the usual morning score is a flare (NPRS MCID ≈ 2 points)
FLARE_BASELINE_DAYS = 7  # "usual" = mean of the mornings of the 7 days before
FLARE_MIN_BASELINE = 2  # fewer mornings than this is no baseline: only the limit applies
FLARE_DAYS = 7  # a flare in the last 7 days keeps the amber flag live

# 3. The week-on-week trend of the morning symptom.
TREND_WEEKS = 4  # this week against each of the three weeks before
TREND_MIN_MORNINGS = 3  # a week with fewer mornings than this is noise, not a mean
RISING_POINTS = 2  # this week's mean this far above any earlier week's mean is rising
FLAT_POINTS = 1  # "flat or falling" for progression: up by less than this on last week

# Missed days: the clinic's `missed_days_flag` (default 3) scheduled days without a log.
# Scheduled days looked at for it; enough for N ≤ 30 on a daily schedule.
MISSED_LOOKBACK_DAYS = 56

# Ready to progress: good adherence over two weeks and every check green.
PROGRESS_DAYS = 14
PROGRESS_ADHERENCE = (4, 5)  # 80 %, as a fraction so the SQL compares integers exactly
PROGRESS_MIN_LOGS = 3  # logs with a pain-during-exercise score in those 14 days

# Ready for the next phase of a pathway (programs.review.phases): the template's own
# move_on_rule, from at least this many morning scores in its window.
PHASE_MIN_READINGS = 3

# The widest adherence figure the caseload shows (7, 14 and 28 days).
ADHERENCE_DAYS = 28

# The weekly red-flag check-in: the condition's red flags asked as yes/no, due again when
# the patient has answered none in the last 7 patient-local days (today included).
CHECK_IN_DAYS = 7

# Severity of each flag kind on the caseload and the report, most severe first. A red-flag
# symptom ("yes" in the check-in) is a medical question, not a load one: it comes before
# pain above the limit.
MEDICAL, RED, AMBER, MISSED, PROGRESS = "medical", "red", "amber", "missed", "progress"
SEVERITY = {
    "red_flag": MEDICAL,
    "red_pain": RED,
    "flare": AMBER,
    "rising_pain": AMBER,
    "missed": MISSED,
    "progress": PROGRESS,
}
# Urgent kinds block "ready to progress" while one is open.
URGENT_KINDS = tuple(
    kind for kind, severity in SEVERITY.items() if severity in (MEDICAL, RED, AMBER)
)


def sql_constants() -> dict:
    """The numbers above by name, for `str.format` into the flag SQL."""
    numbers = {name: value for name, value in globals().items() if name.isupper()}
    return numbers | {
        "URGENT_KINDS_SQL": ", ".join(f"'{kind}'" for kind in URGENT_KINDS),
    }
