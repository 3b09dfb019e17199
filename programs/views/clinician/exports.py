"""CSV exports, streamed: rows go out as the server-side cursor reads them."""

from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from config.csv_export import streaming_csv
from config.db_router import replica_reads
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
    "local_date",
]


def _caseload_line(row):
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
        row.today.isoformat(),
    ]


@require_GET
@clinic_staff_required
@replica_reads
def caseload_csv(request):
    form = CaseloadFilterForm(request.GET, user=request.user)
    rows = iter_caseload(user=request.user, filters=form.filters(), now=timezone.now())
    record(request, AuditAction.CASELOAD_EXPORTED, category="export")
    filename = f"caseload-{timezone.localdate():%Y-%m-%d}.csv"
    lines = (_caseload_line(row) for row in rows)
    return streaming_csv(header=CASELOAD_COLUMNS, rows=lines, filename=filename)


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
