"""The clinic admin's API tokens page, under the clinic settings: make a token (shown once),
see when each was last used, revoke one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import clinic_admin_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from programs.fhir import tokens
from programs.fhir.codes import endpoint_url
from programs.fhir.forms import ApiTokenForm
from programs.models import ApiToken


@require_http_methods(["GET", "POST"])
@clinic_admin_required
def api_tokens(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    shown_once = ""
    if request.method == "POST" and form.is_valid():
        token, shown_once = tokens.create_token(
            clinic=request.user.clinic, name=form.cleaned_data["name"], created_by=request.user
        )
        record(request, AuditAction.API_TOKEN_CREATED, category="account", obj=token)
        # Rendered, not redirected: the token is in this page only, never in a message or
        # the session, so it cannot be shown a second time.
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.visible_to(request.user).select_related("created_by"),
        "shown_once": shown_once,
        "endpoint": endpoint_url(""),
    }
    return render(request, "programs/api_tokens.html", context)


@require_POST
@clinic_admin_required
def api_token_revoke(request, token_id):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    tokens.revoke_token(token=token)
    record(request, AuditAction.API_TOKEN_REVOKED, category="account", obj=token)
    messages.success(request, f"“{token.name}” is revoked: it can no longer read any record.")
    return redirect("api_tokens")
