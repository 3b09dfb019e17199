"""Two-factor sign-in pages: set up an authenticator app, and confirm a sign-in with a code."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts import audit, two_factor
from accounts.access import second_factor_users_required
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else "/"


def _signed_in_with(request, device) -> None:
    otp_login(request, device)
    # A new session key for the more trusted session, as at login.
    request.session.cycle_key()


@require_http_methods(["GET", "POST"])
@second_factor_users_required
def two_factor_setup(request):
    if two_factor.authenticator(request.user, confirmed=True):
        # Replacing a confirmed app needs the second factor first: a password is not enough.
        return redirect("two_factor_verify")
    device = two_factor.pending_authenticator(user=request.user)
    form = two_factor.CodeForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.confirm_authenticator(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            _signed_in_with(request, device)
            audit.record(request, AuditAction.TWO_FACTOR_SET_UP, category="session")
            return render(
                request,
                "accounts/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "code", "That code did not match. Check the time on your phone and try the newest code."
        )
    context = {"form": form, "next": _next_url(request), **two_factor.setup_details(device)}
    return render(request, "accounts/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
@second_factor_users_required
def two_factor_verify(request):
    if two_factor.authenticator(request.user, confirmed=True) is None:
        return redirect("two_factor_setup")
    form = two_factor.CodeForm(request.POST or None)
    if form.is_valid():
        device = two_factor.verify_code(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            _signed_in_with(request, device)
            audit.record(request, AuditAction.TWO_FACTOR_VERIFIED, category="session")
            if not form.cleaned_data["code"].isdigit():
                messages.info(request, "You used a recovery code; each one works only once.")
            return redirect(_next_url(request))
        audit.record(
            request,
            AuditAction.TWO_FACTOR_FAILED,
            category="session",
            outcome=AuditEvent.Outcome.FAILED,
        )
        form.add_error(
            "code", "That code did not work. Codes change every 30 seconds: try the newest one."
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )
