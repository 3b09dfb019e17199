from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

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


def _refuse(request, invitation, reason: str):
    """410 Gone for a link that worked once; 404 for one we never made."""
    invitations.record(
        request, AuditAction.INVITATION_REFUSED, invitation, AuditEvent.Outcome.DENIED
    )
    status = 404 if invitation is None else 410
    return render(request, "accounts/invitation_refused.html", {"reason": reason}, status=status)


@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The link from the e-mail: choose a password, then go home signed in."""
    invitation = invitations.from_token(token)
    if invitation is None:
        return _refuse(request, None, "tampered")
    reason = invitations.refusal(invitation)
    if reason is not None:
        return _refuse(request, invitation, reason)

    form = SetPasswordForm(invitation.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = invitations.accept(invitation=invitation, password_form=form)
        if reason is not None:
            return _refuse(request, invitation, reason)
        login(request, invitation.user, backend="accounts.backends.UserBackend")
        invitations.record(request, AuditAction.INVITATION_USED, invitation)
        messages.success(request, "Welcome to Stride. Your password is saved.")
        return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitee": invitation.user}
    )
