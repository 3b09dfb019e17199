"""The patient's thread with their care team: read it, and write to them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import user_timezone
from programs.engagement import messages as thread
from programs.engagement.forms import MessageForm
from programs.views.messaging import send_from_form


@require_http_methods(["GET", "POST"])
@patient_required
def patient_messages(request):
    patient = request.user
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        sent = send_from_form(request, form, author=patient, patient=patient)
        if sent:
            messages.success(request, "Sent. Your care team will reply here.")
            return redirect("patient_messages")
    else:
        record(
            request,
            AuditAction.MESSAGES_VIEWED,
            category="messages",
            patient=patient,
            page="patient_messages",
        )
    return render(
        request,
        "programs/patient_messages.html",
        {
            "form": form,
            "thread": thread.read_thread(reader=patient, patient=patient),
            # Times as the patient lives them, in their own time zone.
            "zone": user_timezone(patient),
        },
    )
