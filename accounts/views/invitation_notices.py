"""Sending an invitation from a page and telling the sender how it went: shared by the
patient pages and the clinic's people pages (not views themselves)."""

from django.contrib import messages
from django.shortcuts import redirect

from accounts import audit, invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent


def announce(request, invitation) -> bool:
    """E-mail a fresh link and tell the sender whether it went out (True if it did)."""
    name = invitation.user.full_name
    sent = invitations.send(invitation)
    if sent:
        messages.success(request, f"We've e-mailed an invitation link to {name}.")
    else:
        messages.warning(
            request,
            f"We couldn't send the e-mail to {name} just now. Please copy the link below "
            "and send it to them yourself.",
        )
    return sent


def resend(request, person, next_url: str):
    """Shared by the patient and the staff pages: revoke old links, send a new one. One
    audit row either way: the refusal too tells the sender whether the person has joined."""
    try:
        invitation = invitations.resend(user=person, sent_by=request.user)
    except invitations.AlreadyJoined:
        audit.record(
            request,
            AuditAction.INVITATION_NOT_NEEDED,
            category="account",
            patient=person if person.is_patient else None,
            obj=person,
        )
        messages.error(
            request,
            f"{person.full_name} has already chosen a password, so no new link is needed. "
            "If they have forgotten it, they can use “Forgotten your password?” on the "
            "sign-in page.",
        )
        return redirect(next_url)
    sent = announce(request, invitation)
    outcome = AuditEvent.Outcome.OK if sent else AuditEvent.Outcome.FAILED
    invitations.record(request, AuditAction.INVITATION_SENT, invitation, outcome)
    return redirect(next_url)
