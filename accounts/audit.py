"""Writing the audit trail. Call `record(...)` from every view that shows or changes
patient data; pass ids and categories only, never pain scores, notes or passwords.

Each row carries a SHA-256 hash over its own fields and the hash of the row written before
it, so an edit or deletion made behind the app's back breaks the chain; `manage.py
verify_audit` walks it. Rows must be written through `record()` only: it takes the chain's
lock, so concurrent writers still chain in insertion (id) order.
"""

import hashlib
import ipaddress
import json
import zoneinfo

from django.db import connection, transaction
from django.utils.timezone import now

from accounts.models import AuditEvent

# The key of the PostgreSQL advisory lock that serialises writers of the chain.
AUDIT_CHAIN_LOCK_KEY = 0x5354524944  # "STRID"
HASHED_FIELDS = [
    "at",
    "user_id",
    "role",
    "clinic_id",
    "patient_id",
    "action",
    "category",
    "object_type",
    "object_id",
    "ip",
    "outcome",
    "prev_hash",
]


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client and can be forged.
    return request.META.get("REMOTE_ADDR") or None


def chain_hash(event) -> str:
    """The hash of one row: a canonical JSON of its fields, `prev_hash` included.

    Values are normalised to what PostgreSQL gives back (UTC time, compressed IPv6), so the
    hash computed before the insert equals the one recomputed from the stored row.
    """
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["at"] = event.at.astimezone(zoneinfo.ZoneInfo("UTC")).isoformat()
    values["ip"] = str(ipaddress.ip_address(event.ip)) if event.ip else None
    for name in ["user_id", "patient_id"]:
        values[name] = str(values[name]) if values[name] is not None else None
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    request,
    action: str,
    *,
    category: str = "",
    patient=None,
    obj=None,
    outcome: str = AuditEvent.Outcome.OK,
    user=None,
) -> AuditEvent:
    actor = user if user is not None else getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    event = AuditEvent(
        user=actor,
        role=getattr(actor, "role", "") or ("staff" if actor and actor.is_staff else ""),
        clinic_id=getattr(actor, "clinic_id", None) or getattr(patient, "clinic_id", None),
        patient=patient,
        action=action,
        category=category,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip=client_ip(request) if request is not None else None,
        outcome=outcome,
    )
    # No savepoint of its own: a failed audit write must fail the surrounding work too.
    with transaction.atomic(savepoint=False):
        # Held until the transaction ends, so the next writer sees this row as the last one.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK_KEY])
        event.at = now()
        event.prev_hash = last_hash()
        event.hash = chain_hash(event)
        event.save(force_insert=True)
    return event


def last_hash() -> str:
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""


def first_broken_event(events) -> AuditEvent | None:
    """The first event, in id order, whose hash or link to the row before it is wrong."""
    prev_hash = ""
    for event in events:
        if event.prev_hash != prev_hash or event.hash != chain_hash(event):
            return event
        prev_hash = event.hash
    return None
