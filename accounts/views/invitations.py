from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent


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
