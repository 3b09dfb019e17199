"""The patient's progress page (/today/history/): the pain chart and the table of their
weeks, counted from the start of their first program; both read the same rows."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from config.db_router import replica_reads
from programs.review import history as patient_history
from programs.symptoms import symptom_of

WEEK_CHOICES = (4, 8, 12, 26)
DEFAULT_WEEKS = 8


@require_GET
@patient_required
@replica_reads
def history(request):
    today = local_today(request.user)
    shown = _parse_weeks(request.GET.get("weeks"))
    # The sign-in's user query brings the profile's condition (accounts.backends).
    symptom = symptom_of(request.user.patient_profile.condition)
    record(request, AuditAction.HISTORY_VIEWED, category="logs", patient=request.user)
    context = {"weeks": shown, "week_choices": WEEK_CHOICES, "symptom": symptom, "today": today}
    weeks = patient_history.progress_weeks(patient=request.user, today=today, weeks=shown)
    if weeks is not None:
        pain_days = patient_history.pain_by_day(
            patient=request.user, start=weeks.start, today=today
        )
        context |= {
            "progress": weeks,
            "pain_days": pain_days,
            "summary": patient_history.weekly_summary(
                patient=request.user, weeks=weeks, pain_days=pain_days, now=timezone.now()
            ),
            "chart": patient_history.pain_chart(
                pain_days,
                start=weeks.start,
                end=today,
                symptom=symptom,
                week_starts=weeks.starts,
            ),
        }
    return render(request, "programs/history.html", context)


def _parse_weeks(text: str | None) -> int:
    try:
        weeks = int(text or DEFAULT_WEEKS)
    except ValueError:
        return DEFAULT_WEEKS
    return weeks if weeks in WEEK_CHOICES else DEFAULT_WEEKS
