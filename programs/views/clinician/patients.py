"""The patient list and a patient's page: their details, invitation and care team (accounts),
with their condition and programs.

They show a program's condition and the programs, so they are rendered here, by the app that
can see both; accounts keeps the pages that only touch people (adding, editing). Same URLs
and templates.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from accounts import audit, queries
from accounts.access import clinic_staff_required
from accounts.audit_actions import AuditAction
from config.params import typed_text
from programs.engagement.summary import engagement_of
from programs.patient_conditions import current_program_for, patients_with_condition
from programs.prescribing.queries import programs_for_patient

PATIENTS_PER_PAGE = 25


@require_http_methods(["GET"])
@clinic_staff_required
def patient_list(request):
    search = typed_text(request.GET, "q")
    patients = patients_with_condition(queries.patients_for(request.user, search=search))
    page = Paginator(patients, PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    audit.record(request, AuditAction.PATIENT_LIST_VIEWED, category="profile")
    return render(request, "accounts/patient_list.html", {"page": page, "search": search})


@require_http_methods(["GET"])
@clinic_staff_required
def patient_detail(request, patient_id):
    # patients_for annotates the invitation state the page shows.
    patients = patients_with_condition(
        queries.patients_for(request.user).select_related("patient_profile__health_screen_by")
    )
    patient = get_object_or_404(patients, pk=patient_id)
    audit.record(
        request, AuditAction.PATIENT_VIEWED, category="profile", patient=patient, obj=patient
    )
    # Newest first by the model's order; the current one (the caseload's) leads the links.
    programs = list(programs_for_patient(user=request.user, patient=patient))
    current = current_program_for(user=request.user, patient_id=patient.pk) if programs else None
    return render(
        request,
        "accounts/patient_detail.html",
        {
            "patient": patient,
            "profile": patient.patient_profile,
            "care_team": patient.patient_profile.care_team.order_by("full_name"),
            "engagement": engagement_of(viewer=request.user, patient=patient),
            "programs": programs,
            "current_program": current,
        },
    )
