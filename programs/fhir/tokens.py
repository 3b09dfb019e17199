"""Making, revoking and checking a clinic's API tokens (programs.models.api_tokens)."""

import datetime

from django.utils import timezone

from programs.models import ApiToken
from programs.models.api_tokens import new_token, token_hash

# How stale "last used" may be: touching the row on every request would be a write each.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def create_token(*, clinic, name: str, created_by) -> tuple[ApiToken, str]:
    """A new token for `clinic`: the row, and the token itself, to show once and forget."""
    token = new_token()
    row = ApiToken.objects.create(
        clinic=clinic, name=name, token_hash=token_hash(token), created_by=created_by
    )
    return row, token


def revoke_token(*, token: ApiToken, now=None) -> None:
    """Revoke it for good; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])


def presented_token(request) -> ApiToken | None:
    """The token row the request's `Authorization: Bearer …` header names, revoked or not;
    None without one or for an unknown token."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        return None
    return ApiToken.objects.select_related("clinic").filter(token_hash=token_hash(value)).first()


def mark_used(token: ApiToken, now=None) -> None:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
