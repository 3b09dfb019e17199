"""Request-wide protections that every page gets, whoever wrote the view."""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from accounts import audit, sessions, two_factor
from accounts.audit_actions import AuditAction
from accounts.dates import user_timezone
from accounts.models import AuditEvent


class SessionLifetimeMiddleware:
    """Signs a user out after inactivity and 12 hours after login (`accounts.sessions`), and
    ends the session of someone who can no longer sign in (deactivated or deleted)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            message = sessions.expiry_message(request.session, request.user, now)
            if message:
                audit.record(request, AuditAction.SESSION_EXPIRED, category="session")
                logout(request)
                messages.info(request, message)
            else:
                sessions.touch(request.session, now)
        elif SESSION_KEY in request.session:
            # Signed in, but the account is gone or deactivated since: end the session for
            # good, so reactivating the account later does not bring this cookie back.
            former = get_user_model().objects.filter(pk=request.session[SESSION_KEY]).first()
            audit.record(request, AuditAction.SESSION_REVOKED, category="session", user=former)
            request.session.flush()
        return self.get_response(request)


class TwoFactorMiddleware:
    """Until the second factor, staff of a clinic that requires it reach only the pages that
    set it up or check it (and sign-out): no patient data before it, whoever wrote the view."""

    OPEN_URL_NAMES = {"two_factor_setup", "two_factor_verify", "logout", "logout_page"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name in self.OPEN_URL_NAMES:
            return None
        if two_factor.second_factor_needed(request.user):
            next_step = two_factor.next_step_url(request.user)
            return redirect(f"{next_step}?{urlencode({'next': request.get_full_path()})}")
        return None


class LocalTimeMiddleware:
    """Everyone reads times in their own zone, never the server's UTC: a clinic's staff in
    the clinic's (the audit trail, a program's history), a patient in theirs (their profile's,
    else the clinic's; their messages, their access log). Django's `date` filter and
    `localtime` follow the zone activated here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.clinic_id:
            timezone.activate(user_timezone(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NoStoreMiddleware:
    """Pages for a signed-in user may hold patient data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RefusedAccessAuditMiddleware:
    """Audit every refusal a signed-in user meets: a wrong role (403) or an object outside
    their reach (404, which is how foreign ids answer), with the page that refused."""

    REFUSED = {403: AuditAction.ACCESS_REFUSED_ROLE, 404: AuditAction.ACCESS_REFUSED_OBJECT}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        action = self.REFUSED.get(response.status_code)
        if action and request.user.is_authenticated:
            # The URL's name, not its path: which page was refused, without copying the ids.
            match = request.resolver_match
            audit.record(
                request,
                action,
                category="access",
                outcome=AuditEvent.Outcome.DENIED,
                page=match.view_name if match else "",
            )
        return response


class WritesWithTheirAuditMiddleware:
    """A request that may change data runs in one transaction with the audit row the view
    writes about it: if that row cannot be written, the change is rolled back with it and
    the request fails whole. Reads stay outside, so the audit chain's lock (held until
    commit) never waits on a page being rendered."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            # A failure in the view has become the error page by now, not an exception.
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
