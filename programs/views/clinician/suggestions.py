"""A suggested change to a patient's program: shown first (GET), applied on confirmation
(POST). Both work without JavaScript; the rules are `programs.review.suggestions`."""

import contextlib

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.models import Prescription
from programs.review import suggestions
from programs.review.forms import ApplySuggestionForm
from programs.views.lookups import patient_profile_for

NOT_APPLIED = (
    "That change was not made: it is no longer suggested, or no longer the change you were "
    "shown, because the program or the patient's logs have changed since. Nothing was "
    "saved; here is the report as it is now."
)


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def apply_suggestion(request, patient_id, prescription_id, kind):
    profile = patient_profile_for(request.user, patient_id)
    prescription = get_object_or_404(
        Prescription.objects.visible_to(request.user)
        .filter(program__patient=profile.user)
        .select_related("program"),
        pk=prescription_id,
    )
    if kind not in suggestions.Kind:
        raise Http404("No such suggestion")
    today = local_today(profile.user)
    if request.method == "POST":
        return _apply(request, profile, prescription, kind=kind, today=today)
    suggestion = suggestions.find_suggestion(
        patient=profile.user, prescription=prescription, kind=kind, now=timezone.now(), today=today
    )
    record(
        request,
        AuditAction.PROGRAM_EDITOR_VIEWED,
        category="program",
        patient=profile.user,
        obj=prescription.program,
    )
    form = ApplySuggestionForm(initial={"token": suggestion.token}) if suggestion else None
    context = {
        "patient": profile.user,
        "prescription": prescription,
        "suggestion": suggestion,
        "form": form,
        "today": today,
    }
    return render(request, "programs/suggestion_confirm.html", context)


def _apply(request, profile, prescription, *, kind, today):
    form = ApplySuggestionForm(request.POST)
    applied = None
    if form.is_valid():
        with contextlib.suppress(suggestions.SuggestionNotApplicable):
            applied = suggestions.apply_suggestion(
                clinician=request.user,
                patient=profile.user,
                prescription=prescription,
                kind=kind,
                token=form.cleaned_data["token"],
                now=timezone.now(),
                today=today,
            )
    # Audited applied or not: either way the answer was read from the patient's program.
    record(
        request,
        AuditAction.SUGGESTION_APPLIED,
        category="program",
        patient=profile.user,
        obj=prescription.program,
        outcome=AuditEvent.Outcome.OK if applied else AuditEvent.Outcome.FAILED,
    )
    if applied is None:
        messages.warning(request, NOT_APPLIED)
    else:
        after = applied.after
        now_reads = f"{after.name}: {after.dose_text}" if applied.exercise else after.dose_text
        messages.success(
            request, f"{applied.item.name} is now {now_reads}, from today. The patient sees it."
        )
    return redirect("patient_report", patient_id=profile.user_id)
