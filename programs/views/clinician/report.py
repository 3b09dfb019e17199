from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from config.db_router import replica_reads
from programs.models import Flag
from programs.outcomes.chart import outcome_chart
from programs.outcomes.progress import progress_for
from programs.patient_conditions import condition_of, current_program_for, shown_condition
from programs.review import flags
from programs.review.forms import AcknowledgeComputedForm, AcknowledgeForm
from programs.review.report import build_report, report_period
from programs.symptoms import symptom_of
from programs.views.lookups import patient_profile_for


@require_GET
@clinic_staff_required
@replica_reads
def report(request, patient_id):
    profile = patient_profile_for(request.user, patient_id)
    form, start, end, today = report_period(request.GET, profile=profile)
    program = current_program_for(user=request.user, patient_id=profile.user_id)
    condition = condition_of(profile, program)
    data = build_report(
        patient=profile.user,
        start=start,
        end=end,
        now=timezone.now(),
        today=today,
        symptom=symptom_of(condition),
    )
    record(request, AuditAction.REPORT_VIEWED, category="report", patient=profile.user)
    return render(
        request,
        "programs/report.html",
        {
            "profile": profile,
            "patient": profile.user,
            "form": form,
            "report": data,
            "condition": condition,
            # the patient's current program: where a dose is changed after a flag
            "program": program,
            "today": today,
            "acknowledge_form": AcknowledgeForm(),
            # The function questionnaires' scores over time: one query, all dates.
            "outcomes": [outcome_chart(p, today=today) for p in progress_for(profile.user)],
        },
    )


def _back_to_report(profile):
    return redirect("patient_report", patient_id=profile.user_id)


def _posted_form(request, form_class):
    """The bound form, or None with its errors flashed (the report page shows them)."""
    form = form_class(request.POST)
    if form.is_valid():
        return form
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return None


def _acknowledged(request, profile, flag):
    record(
        request, AuditAction.FLAG_ACKNOWLEDGED, category="report", patient=profile.user, obj=flag
    )
    messages.success(request, f"“{flag.get_kind_display()}” acknowledged.")
    return _back_to_report(profile)


@require_POST
@clinic_staff_required
def acknowledge_flag(request, flag_id):
    flag = get_object_or_404(Flag.objects.visible_to(request.user), pk=flag_id)
    profile = patient_profile_for(request.user, flag.patient_id)
    form = _posted_form(request, AcknowledgeForm)
    if form is None:
        return _back_to_report(profile)
    flags.acknowledge_flag(clinician=request.user, flag=flag, note=form.cleaned_data["note"])
    return _acknowledged(request, profile, flag)


@require_POST
@clinic_staff_required
def acknowledge_computed_flag(request, patient_id):
    profile = patient_profile_for(request.user, patient_id)
    form = _posted_form(request, AcknowledgeComputedForm)
    if form is None:
        return _back_to_report(profile)
    try:
        flag = flags.acknowledge_computed_flag(
            clinician=request.user,
            patient=profile.user,
            kind=form.cleaned_data["kind"],
            raised_on=form.cleaned_data["raised_on"],
            note=form.cleaned_data["note"],
            symptom=symptom_of(shown_condition(profile)).label,
        )
    except flags.FlagNoLongerApplies:
        # Nothing changed, but the answer was read from the patient's logs: audited as such.
        record(
            request,
            AuditAction.FLAG_ACKNOWLEDGED,
            category="report",
            patient=profile.user,
            outcome=AuditEvent.Outcome.FAILED,
        )
        messages.warning(request, "That flag no longer applies; there is nothing to acknowledge.")
        return _back_to_report(profile)
    return _acknowledged(request, profile, flag)
