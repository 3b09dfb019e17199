from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent, PatientProfile
from programs.models import Flag, Program
from programs.review import flags
from programs.review.forms import AcknowledgeComputedForm, AcknowledgeForm, report_range
from programs.review.report import build_report, default_range
from programs.symptoms import symptom_of


def get_patient_for_user(user, patient_id) -> PatientProfile:
    """The patient's profile if the user may see it, else 404."""
    return get_object_or_404(
        PatientProfile.objects.visible_to(user).select_related("user__clinic", "condition"),
        user_id=patient_id,
    )


def patient_range(request, profile):
    """The range form and the chosen (or default) range of a patient's report or export."""
    programs = list(Program.objects.filter(patient_id=profile.user_id))
    today = local_today(profile.user)
    form, (start, end) = report_range(request.GET, default=default_range(programs, today))
    return form, start, end, today


@require_GET
@clinic_staff_required
def report(request, patient_id):
    profile = get_patient_for_user(request.user, patient_id)
    form, start, end, today = patient_range(request, profile)
    data = build_report(
        patient=profile.user,
        start=start,
        end=end,
        now=timezone.now(),
        today=today,
        symptom=symptom_of(profile.condition),
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
            "today": today,
            "acknowledge_form": AcknowledgeForm(),
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
    profile = get_patient_for_user(request.user, flag.patient_id)
    form = _posted_form(request, AcknowledgeForm)
    if form is None:
        return _back_to_report(profile)
    flags.acknowledge_flag(clinician=request.user, flag=flag, note=form.cleaned_data["note"])
    return _acknowledged(request, profile, flag)


@require_POST
@clinic_staff_required
def acknowledge_computed_flag(request, patient_id):
    profile = get_patient_for_user(request.user, patient_id)
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
            symptom=symptom_of(profile.condition).label,
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
