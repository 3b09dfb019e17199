"""A patient's page: their details, invitation and care team (accounts), and their programs.

It shows programs, so it is rendered here, by the app that can see both; accounts keeps
the pages that only touch people (the list, adding, editing). Same URL and template.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from accounts import audit, queries
from accounts.access import clinic_staff_required
from accounts.audit_actions import AuditAction
from programs.prescribing.queries import programs_for_patient


@require_http_methods(["GET"])
@clinic_staff_required
def patient_detail(request, patient_id):
    # patients_for annotates the invitation state the page shows.
    patients = queries.patients_for(request.user).select_related(
        "patient_profile__health_screen_by"
    )
    patient = get_object_or_404(patients, pk=patient_id)
    audit.record(
        request, AuditAction.PATIENT_VIEWED, category="profile", patient=patient, obj=patient
    )
    return render(
        request,
        "accounts/patient_detail.html",
        {
            "patient": patient,
            "profile": patient.patient_profile,
            "care_team": patient.patient_profile.care_team.order_by("full_name"),
            "programs": programs_for_patient(user=request.user, patient=patient),
        },
    )
