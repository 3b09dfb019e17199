"""The patient's account page: who they are, their time zone, their password, how to reach
the clinic, their own handouts and what to read about their condition (issue 17)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import user_timezone
from accounts.forms import PatientTimeZoneForm
from accounts.models import AuditEvent
from accounts.services import set_patient_timezone
from programs.models import Program
from programs.views.patient.condition import conditions_of


@require_http_methods(["GET", "POST"])
@patient_required
def my_account(request):
    # The sign-in's user query brings the clinic and the profile (accounts.backends).
    profile = request.user.patient_profile
    if request.method == "POST":
        form = PatientTimeZoneForm(request.POST, profile=profile)
        if form.is_valid():
            set_patient_timezone(profile=profile, timezone=form.cleaned_data["timezone"])
            record(
                request,
                AuditAction.TIME_ZONE_SAVED,
                category="account",
                patient=request.user,
                obj=profile,
            )
            messages.success(request, "Your time zone is saved.")
            return redirect("my_account")
        record(
            request,
            AuditAction.TIME_ZONE_REFUSED,
            category="account",
            patient=request.user,
            obj=profile,
            outcome=AuditEvent.Outcome.FAILED,
        )
    else:
        form = PatientTimeZoneForm(profile=profile)
        record(
            request,
            AuditAction.ACCOUNT_VIEWED,
            category="account",
            patient=request.user,
            page="my_account",
        )
    return render(request, "programs/my_account.html", _context(request.user, form))


def _context(patient, form) -> dict:
    return {
        "form": form,
        "clinic": patient.clinic,
        "now_there": timezone.localtime(timezone.now(), user_timezone(patient)),
        # Every program the patient can see (never a draft), newest first: each has a handout.
        "programs": Program.objects.visible_to(patient).order_by("-start_date", "title"),
        "conditions": conditions_of(patient).order_by("name"),
    }
