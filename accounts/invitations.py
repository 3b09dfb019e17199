"""One-time, expiring, signed invitation links: a new person chooses their own password.

The link carries the invitation id signed with the project's secret key (salted), so it
cannot be guessed or edited; whether it still works is the database's answer (used,
revoked by a newer link, expired), so a leaked old link is worthless.
"""

import datetime
import logging
import smtplib
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Invitation, Role

SALT = "accounts.invitation"
logger = logging.getLogger(__name__)


class Refusal(StrEnum):
    """Why a link no longer works; each has its own page text."""

    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


class AlreadyJoined(Exception):
    """The person has chosen a password already; a new link would be pointless."""


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "INVITATION_DAYS", 7))


def create(*, user, created_by) -> Invitation:
    return Invitation.objects.create(
        user=user, created_by=created_by, expires_at=timezone.now() + lifetime()
    )


def token_for(invitation_id) -> str:
    # No timestamp in the signature (expiry lives in the row), so the link shown to the
    # clinician is the same as the e-mailed one, every time.
    return signing.Signer(salt=SALT).sign(str(invitation_id))


def url_for(invitation_id) -> str:
    """The absolute link, for e-mails and for the clinician to copy."""
    return settings.SITE_URL + reverse("invitation_accept", args=[token_for(invitation_id)])


def from_token(token: str) -> Invitation | None:
    """The invitation a link points to, or None for a tampered or unknown link."""
    try:
        invitation_id = signing.Signer(salt=SALT).unsign(token)
        return Invitation.objects.select_related("user").filter(pk=invitation_id).first()
    except (signing.BadSignature, ValueError):
        return None


def refusal(invitation: Invitation) -> Refusal | None:
    if invitation.used_at is not None:
        return Refusal.USED
    # A deactivated account's links stop working too, like a revoked link.
    if invitation.revoked_at is not None or not invitation.user.is_active:
        return Refusal.REVOKED
    if invitation.expires_at <= timezone.now():
        return Refusal.EXPIRED
    return None


def accept(*, invitation: Invitation, password_form) -> Refusal | None:
    """Set the chosen password and use up the link, unless it stopped working meanwhile.

    The row lock makes a double submit (two tabs) use the link once, not twice.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        reason = refusal(locked)
        if reason is not None:
            return reason
        password_form.save()
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
    return None


@transaction.atomic
def resend(*, user, sent_by) -> Invitation:
    """Revoke every earlier link of `user` and make a new one."""
    if user.has_usable_password():
        raise AlreadyJoined
    revoke_pending(user=user)
    return create(user=user, created_by=sent_by)


def revoke_pending(*, user) -> None:
    """Stop every link of `user` that has not been used yet."""
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def send(invitation: Invitation) -> bool:
    """E-mail the link; False if it did not go out. A mail server failure is not fatal:
    the person is saved and the clinician can copy the link from the page instead. Not
    audited here: the page that sends it writes the one row of its request."""
    context = {
        "invitation": invitation,
        "user": invitation.user,
        "clinic": invitation.user.clinic,
        "sender": invitation.created_by,
        "link": url_for(invitation.pk),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [invitation.user.email])
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send invitation %s", invitation.pk)
        return False
    return True


def record(
    request, action: AuditAction, invitation: Invitation | None, outcome=AuditEvent.Outcome.OK
):
    """Audit an invitation event: ids only, never the token."""
    invitee = invitation.user if invitation is not None else None
    audit.record(
        request,
        action,
        category="account",
        patient=invitee if invitee is not None and invitee.role == Role.PATIENT else None,
        obj=invitation,
        outcome=outcome,
    )
