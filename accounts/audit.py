"""Writing the audit trail. Call `record(...)` from every view that shows or changes
patient data; pass ids and categories only, never pain scores, notes or passwords.

Each row carries a SHA-256 hash over its own fields and the hash of the row written before
it, so an edit or deletion made behind the app's back breaks the chain; `manage.py
verify_audit` walks it. The database does the chaining, in a BEFORE INSERT trigger
(migration 0005): under the chain's lock it gives each row its id, time, `prev_hash` and
`hash`, so every insert, `record()`'s or any other, is chained, in id order. `chain_hash()`
below is the same hash in Python, and the one `verify_audit` trusts.

Anyone who can write the table can recompute the hashes too, so `record()` also seals each
row with a key the database never holds (accounts/audit_seal.py); `verify_audit` checks the
seals, and the signed checkpoints kept outside the database (accounts/audit_checkpoints.py).
"""

import hashlib
import ipaddress
import json
import zoneinfo

from django.conf import settings
from django.db import connection, transaction

from accounts import audit_seal
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent

# The key of the PostgreSQL advisory lock that serialises writers of the chain (the trigger
# takes it; anything that must pause the writers can take it too).
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


# The hashed fields the trigger does not set (id, at, prev_hash and hash are its own).
INSERTED_FIELDS = [name for name in HASHED_FIELDS if name not in {"at", "prev_hash"}]
INSERT_SQL = f"""
INSERT INTO accounts_auditevent ({", ".join(INSERTED_FIELDS)})
VALUES ({", ".join(["%s"] * len(INSERTED_FIELDS))})
RETURNING id, at, prev_hash, hash
"""  # noqa: S608  (fixed SQL text; every value is a parameter) # nosec B608


def client_ip(request) -> str | None:
    """The client's address, for the audit trail and the sign-in lockout.

    REMOTE_ADDR, unless `TRUSTED_PROXY_COUNT` reverse proxies stand in front: each appends the
    address it saw to X-Forwarded-For, so the client is the entry that many places from the
    right. Entries left of it are whatever the client wrote, and never read.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:  # a proxy that writes something else: fall back to what we know
        return remote


def chain_hash(event) -> str:
    """The hash of one row: SHA-256 of its canonical JSON."""
    return hashlib.sha256(canonical_json(event).encode()).hexdigest()


def canonical_json(event) -> str:
    """A row's hashed fields, `prev_hash` included, as the trigger's
    `accounts_auditevent_canonical()` writes them too, byte for byte.

    Values are normalised to what PostgreSQL gives back (UTC time, compressed IPv6), so the
    same row gives the same text whether it was read back or not.
    """
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["at"] = event.at.astimezone(zoneinfo.ZoneInfo("UTC")).isoformat()
    values["ip"] = str(ipaddress.ip_address(event.ip)) if event.ip else None
    for name in ["user_id", "patient_id"]:
        values[name] = str(values[name]) if values[name] is not None else None
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def new_event(
    request,
    action,
    *,
    category="",
    patient=None,
    obj=None,
    outcome=AuditEvent.Outcome.OK,
    user=None,
    page="",
    clinic=None,
) -> AuditEvent:
    """The row `record()` writes, not yet written."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit.record() takes an AuditAction, not {action!r}")
    actor = user if user is not None else getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent(
        user=actor,
        role=getattr(actor, "role", "") or ("staff" if actor and actor.is_staff else ""),
        clinic_id=getattr(actor, "clinic_id", None)
        or getattr(patient, "clinic_id", None)
        or getattr(clinic, "pk", None),
        patient=patient,
        action=action.value,
        category=category,
        object_type=type(obj).__name__ if obj is not None else "page" if page else "",
        object_id=str(obj.pk) if obj is not None else page,
        ip=client_ip(request) if request is not None else None,
        outcome=outcome,
    )


def record(
    request,
    action: AuditAction,
    *,
    category: str = "",
    patient=None,
    obj=None,
    outcome: str = AuditEvent.Outcome.OK,
    user=None,
    page: str = "",
    clinic=None,
) -> AuditEvent:
    """Write one audit row. `obj` is the object shown or changed; without one, `page` (a URL
    name, never the path) says where it happened. `action` is an `AuditAction`: a plain
    string is refused, so no row gets a code outside the vocabulary. `clinic` names the
    clinic of a row with neither a person nor a patient (an API token's refused request)."""
    event = new_event(
        request,
        action,
        category=category,
        patient=patient,
        obj=obj,
        outcome=outcome,
        user=user,
        page=page,
        clinic=clinic,
    )
    # Two statements: the trigger chains the row, then its seal. Inside a caller's
    # transaction they join it (no savepoint: a failed audit write fails the surrounding work
    # too); in autocommit they commit together, so no row is ever left without its seal.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(INSERT_SQL, [getattr(event, name) for name in INSERTED_FIELDS])
        event.id, event.at, event.prev_hash, event.hash = cursor.fetchone()
        key_id, mac = audit_seal.seal(event.id, event.hash)
        cursor.execute(audit_seal.INSERT_SEAL_SQL, [event.id, key_id, mac])
    event._state.adding = False
    event._state.db = connection.alias
    return event


def record_patients_included(request, action: AuditAction, patients, *, category: str) -> int:
    """One row per patient for something that held several patients' data (a download), in
    one statement however many there are: each row as `record()` would write it about that
    patient, chained by the trigger in turn and sealed. Returns how many rows were written."""
    patients = list(patients)
    if not patients:
        return 0
    events = [new_event(request, action, category=category, patient=p) for p in patients]
    columns = ", ".join(INSERTED_FIELDS)
    values = ", ".join(["(" + ", ".join(["%s"] * len(INSERTED_FIELDS)) + ")"] * len(events))
    params = [getattr(event, name) for event in events for name in INSERTED_FIELDS]
    sql = f"INSERT INTO accounts_auditevent ({columns}) VALUES {values} RETURNING id, hash"  # noqa: S608
    # The rows and their seals commit together, as in `record()`.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, params)  # nosec B608  (fixed SQL text; the values are parameters)
        seals = [
            [event_id, *audit_seal.seal(event_id, event_hash)]
            for event_id, event_hash in cursor.fetchall()
        ]
        cursor.executemany(audit_seal.INSERT_SEAL_SQL, seals)
    return len(events)
