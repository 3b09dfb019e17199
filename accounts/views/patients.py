from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit, services
from accounts.access import clinic_staff_required
from accounts.audit_actions import AuditAction
from accounts.forms import HealthScreenForm, PatientForm
from accounts.views.invitation_notices import announce, resend
from accounts.views.lookups import patient_for

# The patient list and a patient's own page show the condition of their program and their
# programs, so programs renders them (programs/views/clinician/patients.py); the pages here
# only touch people.


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def patient_new(request):
    form = PatientForm(request.POST if request.method == "POST" else None, clinician=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.add_patient(
                clinician=request.user,
                full_name=data["full_name"],
                email=data["email"],
                condition=data["condition"],
                date_of_birth=data["date_of_birth"],
                timezone=data["timezone"],
                care_team=data.get("care_team"),
            )
        except services.EmailInUse as exc:
            form.add_error("email", exc.message)
        else:
            patient = invitation.user
            audit.record(
                request,
                AuditAction.PATIENT_ADDED,
                category="account",
                patient=patient,
                obj=patient,
            )
            announce(request, invitation)
            return redirect("patient_detail", patient_id=patient.pk)
    return render(request, "accounts/patient_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def patient_health_screen(request, patient_id):
    patient = patient_for(request.user, patient_id)
    profile = patient.patient_profile
    form = HealthScreenForm(
        request.POST if request.method == "POST" else None,
        initial={"health_factors": profile.health_factors},
    )
    if request.method == "POST" and form.is_valid():
        services.save_health_screen(
            profile=profile, factors=form.cleaned_data["health_factors"], by=request.user
        )
        audit.record(
            request,
            AuditAction.HEALTH_SCREEN_CHANGED,
            category="profile",
            patient=patient,
            obj=patient,
        )
        messages.success(request, f"{patient.get_short_name()}'s health screen is saved.")
        return redirect("patient_detail", patient_id=patient.pk)
    audit.record(
        request, AuditAction.HEALTH_SCREEN_VIEWED, category="profile", patient=patient, obj=patient
    )
    return render(request, "accounts/health_screen_form.html", {"form": form, "patient": patient})


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def patient_edit(request, patient_id):
    patient = patient_for(request.user, patient_id)
    form = PatientForm.for_patient(
        request.POST if request.method == "POST" else None, clinician=request.user, patient=patient
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.update_patient(
                patient=patient,
                by=request.user,
                full_name=data["full_name"],
                email=data["email"],
                condition=data["condition"],
                date_of_birth=data["date_of_birth"],
                timezone=data["timezone"],
            )
        except services.EmailInUse as exc:
            form.add_error("email", exc.message)
            patient = patient_for(request.user, patient_id)  # as stored, not as typed
        else:
            audit.record(
                request,
                AuditAction.PATIENT_EDITED,
                category="profile",
                patient=patient,
                obj=patient,
            )
            messages.success(request, _changes_message(patient, changed))
            return redirect("patient_detail", patient_id=patient.pk)
    audit.record(
        request, AuditAction.PATIENT_EDITOR_VIEWED, category="profile", patient=patient, obj=patient
    )
    return render(request, "accounts/patient_edit.html", {"form": form, "patient": patient})


def _changes_message(patient, changed: list[str]) -> str:
    if not changed:
        return "Nothing was changed."
    message = f"Saved: {', '.join(changed)}."
    if "e-mail" in changed:
        message += f" {patient.get_short_name()} now signs in with {patient.email}."
    return message


@require_POST
@clinic_staff_required
def patient_invitation_resend(request, patient_id):
    patient = patient_for(request.user, patient_id)
    return resend(request, patient, next_url=reverse("patient_detail", args=[patient.pk]))
