"""Clinic admin pages: the clinic's people, care teams and settings."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit, queries, services
from accounts.access import clinic_admin_required
from accounts.audit_actions import AuditAction
from accounts.forms import CareTeamForm, ClinicSettingsForm, PersonForm
from accounts.models import Clinic, Role
from accounts.views.invitation_notices import announce, resend
from accounts.views.lookups import patient_for
from config.params import switch


def _get_staff_for_admin(request, person_id):
    return get_object_or_404(queries.clinic_staff(request.user), pk=person_id)


@require_http_methods(["GET"])
@clinic_admin_required
def people(request):
    return render(request, "accounts/people.html", {"staff": queries.clinic_staff(request.user)})


@require_http_methods(["GET", "POST"])
@clinic_admin_required
def clinician_new(request):
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.add_clinician(
                admin=request.user,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
            )
        except services.EmailInUse as exc:
            form.add_error("email", exc.message)
        else:
            audit.record(
                request, AuditAction.CLINICIAN_ADDED, category="account", obj=invitation.user
            )
            announce(request, invitation)
            return redirect("clinic_people")
    return render(request, "accounts/clinician_form.html", {"form": form})


@require_POST
@clinic_admin_required
def person_set_active(request, person_id):
    person = _get_staff_for_admin(request, person_id)
    active = switch(request.POST, "active")
    if active is None:
        reason = "We could not tell whether to deactivate or reactivate this person."
        return render(request, "400.html", {"reason": reason}, status=400)
    try:
        services.set_active(person=person, active=active, by=request.user)
    except services.CannotDeactivateSelf:
        messages.error(request, "You cannot deactivate your own account.")
        return redirect("clinic_people")
    action = AuditAction.STAFF_REACTIVATED if active else AuditAction.STAFF_DEACTIVATED
    audit.record(request, action, category="account", obj=person)
    if active:
        messages.success(request, f"{person.full_name} can sign in again.")
    else:
        messages.success(
            request,
            f"{person.full_name} can no longer sign in. Their patients' care teams are "
            "unchanged; review them if needed.",
        )
    return redirect("clinic_people")


@require_POST
@clinic_admin_required
def person_set_role(request, person_id):
    person = _get_staff_for_admin(request, person_id)
    role = request.POST.get("role")
    if role not in services.STAFF_ROLES:
        messages.error(request, "Please choose clinician or clinic admin.")
        return redirect("clinic_people")
    try:
        services.set_role(person=person, role=role, by=request.user)
    except services.CannotChangeOwnRole:
        messages.error(request, "You cannot change your own role: ask another clinic admin.")
        return redirect("clinic_people")
    audit.record(request, AuditAction.STAFF_ROLE_CHANGED, category="account", obj=person)
    if role == Role.CLINIC_ADMIN:
        messages.success(
            request,
            f"{person.full_name} is now a clinic admin: they see every patient of the clinic "
            "and manage its people and settings.",
        )
    else:
        messages.success(
            request, f"{person.full_name} is now a clinician: they see their care team's patients."
        )
    return redirect("clinic_people")


@require_POST
@clinic_admin_required
def person_invitation_resend(request, person_id):
    return resend(request, _get_staff_for_admin(request, person_id), next_url="clinic_people")


@require_http_methods(["GET", "POST"])
@clinic_admin_required
def patient_care_team(request, patient_id):
    patient = patient_for(request.user, patient_id)
    profile = patient.patient_profile
    form = CareTeamForm(
        request.POST if request.method == "POST" else None,
        clinic=request.user.clinic,
        initial={"care_team": profile.care_team.all()},
    )
    if request.method == "POST" and form.is_valid():
        services.set_care_team(profile=profile, clinicians=form.cleaned_data["care_team"])
        audit.record(
            request, AuditAction.CARE_TEAM_CHANGED, category="account", patient=patient, obj=patient
        )
        messages.success(request, f"{patient.full_name}'s care team is saved.")
        return redirect("patient_detail", patient_id=patient.pk)
    audit.record(
        request, AuditAction.CARE_TEAM_VIEWED, category="profile", patient=patient, obj=patient
    )
    return render(request, "accounts/care_team_form.html", {"form": form, "patient": patient})


@require_http_methods(["GET", "POST"])
@clinic_admin_required
def clinic_settings(request):
    clinic = get_object_or_404(Clinic.objects.visible_to(request.user))
    form = ClinicSettingsForm(request.POST if request.method == "POST" else None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request, AuditAction.CLINIC_SETTINGS_CHANGED, category="account", obj=clinic)
        messages.success(request, "The clinic settings are saved.")
        return redirect("clinic_settings")
    return render(request, "accounts/clinic_settings.html", {"form": form})
