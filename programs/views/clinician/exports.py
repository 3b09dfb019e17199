"""CSV exports, streamed: rows go out as the server-side cursor reads them."""

from itertools import batched

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from accounts.audit import record, record_patients_included
from accounts.audit_actions import AuditAction
from config.csv_export import streaming_csv
from config.db_router import replica_reads
from programs.outcomes.progress import number, outcomes_by_patient, progress_for
from programs.patient_conditions import shown_condition
from programs.review.caseload import iter_caseload
from programs.review.forms import CaseloadFilterForm
from programs.review.report import iter_log_rows, log_columns, report_period
from programs.symptoms import symptom_of
from programs.views.lookups import patient_profile_for

CASELOAD_COLUMNS = [
    "patient",
    "email",
    "condition",
    "program",
    "program_status",
    "adherence_7_days_percent",
    "adherence_28_days_percent",
    "morning_pain_mean_7_days",
    "morning_pain_mean_previous_7_days",
    "worst_exercise_pain_7_days",
    "days_since_last_log",
    "open_flags",
    "function_questionnaires",
    "function_change",
    "local_date",
]
OUTCOME_COLUMNS = [
    "instrument",
    "occasion",
    "due_on",
    "score",
    "change_since_first",
    "meaningful_change",
    "verdict",
]
# The caseload CSV reads the questionnaire verdicts once per this many rows.
OUTCOME_CHUNK = 500


def _caseload_line(row, outcome):
    open_flags = "; ".join(
        f"{flag.label}: {flag.reason}" for flag in row.flags if not flag.acknowledged
    )
    return [
        row.full_name,
        row.email,
        row.condition,
        row.program_title,
        row.program_status,
        row.adherence_7_percent,
        row.adherence_28_percent,
        row.morning_mean,
        row.morning_before,
        row.worst_7,
        row.days_since_log,
        open_flags,
        outcome.label if outcome else "",
        outcome.headline.summary if outcome else "",
        row.today.isoformat(),
    ]


def _with_outcomes(rows):
    """Each caseload row with its questionnaire verdict: one query per chunk of rows."""
    for chunk in batched(rows, OUTCOME_CHUNK):
        outcomes = outcomes_by_patient([row.patient_id for row in chunk])
        for row in chunk:
            yield row, outcomes.get(row.patient_id)


@require_GET
@clinic_staff_required
@replica_reads
def caseload_csv(request):
    form = CaseloadFilterForm(request.GET, user=request.user)
    rows = iter_caseload(user=request.user, filters=form.filters(), now=timezone.now())
    record(request, AuditAction.CASELOAD_EXPORTED, category="export")
    filename = f"caseload-{timezone.localdate():%Y-%m-%d}.csv"
    sent = _recording_who_was_sent(request, rows)
    lines = (_caseload_line(row, outcome) for row, outcome in _with_outcomes(sent))
    return streaming_csv(header=CASELOAD_COLUMNS, rows=lines, filename=filename)


def _recording_who_was_sent(request, rows):
    """The caseload's rows, and once the download ends (or is cut off), one audit row for each
    patient whose row went out: the trail says whose data left, and each of them sees it on
    their own access log. Only then is the list known, as the rows stream from a cursor."""
    sent = []
    try:
        for row in rows:
            sent.append(row.patient_id)
            yield row
    finally:
        patients = get_user_model().objects.filter(pk__in=sent).only("pk", "clinic_id")
        record_patients_included(request, AuditAction.EXPORT_INCLUDED, patients, category="export")


@require_GET
@clinic_staff_required
@replica_reads
def patient_logs_csv(request, patient_id):
    profile = patient_profile_for(request.user, patient_id)
    _form, start, end, _today = report_period(request.GET, profile=profile)
    rows = iter_log_rows(patient=profile.user, start=start, end=end, now=timezone.now())
    record(request, AuditAction.LOGS_EXPORTED, category="export", patient=profile.user)
    filename = f"logs-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"
    header = log_columns(symptom_of(shown_condition(profile)))
    return streaming_csv(header=header, rows=rows, filename=filename)


@require_GET
@clinic_staff_required
def patient_outcomes_csv(request, patient_id):
    """Every questionnaire score of the patient, with its change since the instrument's first."""
    profile = patient_profile_for(request.user, patient_id)
    record(request, AuditAction.OUTCOMES_EXPORTED, category="export", patient=profile.user)
    rows = [
        [
            progress.instrument.code,
            score.occasion,
            score.due_on.isoformat(),
            number(score.score),
            "" if change is None else number(change),
            number(progress.instrument.mcid),
            verdict or "",
        ]
        for progress in progress_for(profile.user)
        for score, change, verdict in progress.steps()
    ]
    filename = f"questionnaires-{timezone.localdate():%Y-%m-%d}.csv"
    return streaming_csv(header=OUTCOME_COLUMNS, rows=rows, filename=filename)
