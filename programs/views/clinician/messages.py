"""A patient's thread, as their care team reads it and replies."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import queries
from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import user_timezone
from programs.engagement import messages as thread
from programs.engagement.forms import MessageForm
from programs.views.messaging import send_from_form


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def clinician_messages(request, patient_id):
    patient = get_object_or_404(queries.patients_for(request.user), pk=patient_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if send_from_form(request, form, author=request.user, patient=patient):
            messages.success(request, f"Your reply is sent to {patient.full_name}.")
            return redirect("clinician_messages", patient_id=patient.pk)
    else:
        record(
            request, AuditAction.MESSAGES_VIEWED, category="messages", patient=patient, obj=patient
        )
    return render(
        request,
        "programs/clinician_messages.html",
        {
            "patient": patient,
            "form": form,
            # Times in the clinic's time zone, as the care team reads them.
            "zone": user_timezone(request.user),
            "thread": thread.read_thread(reader=request.user, patient=patient),
        },
    )
