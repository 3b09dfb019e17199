"""The handout of a program, as a PDF download or a page to print."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from programs.prescribing.handout import handout_context, handout_download
from programs.views.lookups import program_for


@require_GET
@clinic_staff_required
def program_handout_pdf(request, program_id):
    program = program_for(request.user, program_id)
    response = handout_download(program, request=request)
    record(
        request,
        AuditAction.HANDOUT_DOWNLOADED,
        category="program",
        patient=program.patient,
        obj=program,
    )
    return response


@require_GET
@clinic_staff_required
def program_print(request, program_id):
    program = program_for(request.user, program_id)
    record(
        request,
        AuditAction.HANDOUT_VIEWED,
        category="program",
        patient=program.patient,
        obj=program,
    )
    return render(request, "programs/handout.html", handout_context(program))
