"""Sign-in events for the audit trail, through Django's own authentication signals."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import audit
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from accounts.sessions import start_session_clock


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    start_session_clock(request.session, time.time())
    audit.record(request, AuditAction.SESSION_STARTED, category="session", user=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, AuditAction.SESSION_ENDED, category="session", user=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted e-mail is not stored: it may be a mistyped password.
    audit.record(
        request, AuditAction.LOGIN_FAILED, category="session", outcome=AuditEvent.Outcome.FAILED
    )
