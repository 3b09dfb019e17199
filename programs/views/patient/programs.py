"""The patient's own programs, to read (logging is the Today page's job)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.health import patient_phrases
from programs.prescribing import queries


@require_GET
@patient_required
def my_programs(request):
    record(request, AuditAction.PROGRAM_LIST_VIEWED, category="program", patient=request.user)
    programs = queries.programs_for_patient(user=request.user, patient=request.user)
    profile = request.user.patient_profile
    return render(
        request,
        "programs/my_programs.html",
        {
            "programs": programs,
            "profile": profile,
            "health_phrases": patient_phrases(profile.health_factors),
        },
    )


@require_GET
@patient_required
def my_program(request, program_id):
    program = get_object_or_404(
        queries.programs_with_items(user=request.user).select_related("condition", "prescriber"),
        pk=program_id,
    )
    record(
        request, AuditAction.PROGRAM_VIEWED, category="program", patient=request.user, obj=program
    )
    return render(request, "programs/my_program.html", {"program": program})
