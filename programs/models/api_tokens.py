"""A clinic's API tokens: what an integration presents to read patient records over FHIR.

The token itself is shown once, when it is made, and never stored: the row keeps its SHA-256.
A token is 32 random bytes, so its hash cannot be reversed or guessed, and looking a token
up by its hash leaks nothing through timing (an attacker cannot steer which stored hash a
guess lands next to). Revoking keeps the row, so the audit trail's token ids stay readable.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Role

# Says what the string is to a person or a secret scanner that finds one in a config file.
TOKEN_PREFIX = "stride_"  # noqa: S105  (a label, not a secret) # nosec B105


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A clinic admin's clinic's tokens; nobody else sees any."""
        if user.is_authenticated and user.is_active and user.role == Role.CLINIC_ADMIN:
            return self.filter(clinic_id=user.clinic_id)
        return self.none()


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(
        "accounts.Clinic", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text="Which system uses it.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
