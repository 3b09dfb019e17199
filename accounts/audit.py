"""Writing the audit trail. Call `record(...)` from every view that shows or changes
patient data; pass ids and categories only, never pain scores, notes or passwords."""

from accounts.models import AuditEvent


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client and can be forged.
    return request.META.get("REMOTE_ADDR") or None


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
    return AuditEvent.objects.create(
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
