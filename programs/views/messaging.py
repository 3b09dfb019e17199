"""Sending a message from a form, for the patient's and the care team's thread pages."""

from django.core.exceptions import ValidationError

from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.engagement import messages as thread


def send_from_form(request, form, *, author, patient) -> bool:
    """Send the form's message, auditing the one outcome; False (errors on the form) when
    it was refused."""
    if form.is_valid():
        try:
            message = thread.send_message(
                author=author, patient=patient, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            record(
                request, AuditAction.MESSAGE_SENT, category="messages", patient=patient, obj=message
            )
            return True
    record(
        request,
        AuditAction.MESSAGE_REFUSED,
        category="messages",
        patient=patient,
        page=request.resolver_match.url_name,
        outcome=AuditEvent.Outcome.FAILED,
    )
    return False
