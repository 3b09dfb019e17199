"""The patient's own handout of a program, as a PDF download or a page to print: the
clinician's handout (programs.prescribing.handout), fetched through the patient's own
programs, so another patient's program or a draft is a 404."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from programs.prescribing.handout import handout_context, handout_download
from programs.views.lookups import program_for


@require_GET
@patient_required
def my_handout_pdf(request, program_id):
    program = program_for(request.user, program_id)
    response = handout_download(program, request=request)
    record(
        request,
        AuditAction.OWN_HANDOUT_DOWNLOADED,
        category="program",
        patient=request.user,
        obj=program,
    )
    return response


@require_GET
@patient_required
def my_handout_print(request, program_id):
    program = program_for(request.user, program_id)
    record(
        request,
        AuditAction.OWN_HANDOUT_VIEWED,
        category="program",
        patient=request.user,
        obj=program,
    )
    context = handout_context(
        program, back_url=reverse("my_account") + "#handouts", back_label="Back to your account"
    )
    return render(request, "programs/handout.html", context)
