"""Checking the audit trail (what `manage.py verify_audit` runs): the first thing wrong, in
the order the rows were written, said in words; None when nothing is."""

from collections import deque

from django.db.models import Exists, OuterRef

from accounts.audit import chain_hash
from accounts.audit_checkpoints import Checkpoint
from accounts.audit_seal import seal_problem
from accounts.models import AuditEvent, AuditSeal


def event_problem(event: AuditEvent, prev_hash: str) -> str:
    """Why one row, read with its seal (`select_related("seal")`), is wrong; "" if it is not."""
    if event.prev_hash != prev_hash:
        return "it does not link to the row before it: a row before it was changed or removed"
    if event.hash != chain_hash(event):
        return "its hash does not match its fields: the row was changed"
    seal = getattr(event, "seal", None)
    return seal_problem(
        event.pk, event.hash, seal.key_id if seal else None, seal.mac if seal else None
    )


def first_problem(events, checkpoints: list[Checkpoint]) -> str | None:
    """Walks `events` (in id order, with their seals) once, checking each checkpoint as the
    walk passes its head row."""
    pending = deque(sorted(checkpoints, key=lambda checkpoint: checkpoint.head_id))
    prev_hash = ""
    for seen, event in enumerate(events, start=1):
        if pending and pending[0].head_id < event.pk:
            return _head_missing(pending[0])
        problem = event_problem(event, prev_hash)
        if problem:
            return f"{_describe(event)}: {problem}."
        while pending and pending[0].head_id == event.pk:
            checkpoint = pending.popleft()
            if checkpoint.head_hash != event.hash:
                return f"{_describe(event)}: its hash is not the one {checkpoint.describe()} saw."
            if seen < checkpoint.count:
                return (
                    f"{_describe(event)}: the trail holds {seen} rows up to it, fewer than "
                    f"{checkpoint.describe()}: rows before it were removed."
                )
        prev_hash = event.hash
    orphan = _first_orphan_seal()
    if orphan is not None:
        return f"Audit event {orphan} is missing, but its seal is not: the row was removed."
    if pending:
        return _head_missing(pending[0])
    return None


def _describe(event: AuditEvent) -> str:
    return f"Audit event {event.pk} ({event.at:%Y-%m-%d %H:%M:%S} UTC, {event.action})"


def _head_missing(checkpoint: Checkpoint) -> str:
    return (
        f"Audit event {checkpoint.head_id} is missing, but {checkpoint.describe()} saw it: "
        "rows were removed."
    )


def _first_orphan_seal() -> int | None:
    """A seal whose row is gone: a row removed from the end, where no link shows it."""
    rows = AuditEvent.objects.filter(pk=OuterRef("event_id"))
    return (
        AuditSeal.objects.filter(~Exists(rows))
        .order_by("event_id")
        .values_list("event_id", flat=True)
        .first()
    )
