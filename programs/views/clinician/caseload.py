from dataclasses import replace

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from config.db_router import replica_reads
from programs.engagement.messages import unread_counts
from programs.outcomes.progress import outcomes_by_patient
from programs.review.caseload import caseload_page
from programs.review.forms import CaseloadFilterForm


@require_GET
@clinic_staff_required
@replica_reads
def caseload(request):
    """Clinician home: the caseload, those needing attention first."""
    form = CaseloadFilterForm(request.GET, user=request.user)
    filters = form.filters()
    page = caseload_page(
        user=request.user, filters=filters, page=form.page_number(), now=timezone.now()
    )
    # Two more queries, for the page's patients only: unread messages, questionnaire scores.
    patient_ids = [row.patient_id for row in page.rows]
    unread = unread_counts(user=request.user, patient_ids=patient_ids)
    outcomes = outcomes_by_patient(patient_ids)
    rows = [
        replace(
            row,
            unread_messages=unread.get(row.patient_id, 0),
            outcome=outcomes.get(row.patient_id),
        )
        for row in page.rows
    ]
    page = replace(page, rows=rows)
    record(request, AuditAction.CASELOAD_VIEWED, category="report")
    return render(request, "programs/caseload.html", {"form": form, "page": page})
