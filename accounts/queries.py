"""Reads for the patient and people pages: one query per page of rows, whatever the data."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from accounts.models import Invitation, PatientProfile, Role, User


class InvitationState:
    JOINED = "joined"
    INVITED = "invited"
    EXPIRED = "expired"


def with_invitation_state(users):
    """Annotate `invitation_state` (joined / invited / expired) and the pending link's id
    and expiry. Joined means the person has chosen a password."""
    pending = Invitation.objects.filter(
        user=OuterRef("pk"),
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")
    return users.annotate(
        pending_invitation_id=Subquery(pending.values("pk")[:1]),
        pending_invitation_expires_at=Subquery(pending.values("expires_at")[:1]),
    ).annotate(
        invitation_state=Case(
            When(
                ~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX),
                then=Value(InvitationState.JOINED),
            ),
            When(pending_invitation_id__isnull=False, then=Value(InvitationState.INVITED)),
            default=Value(InvitationState.EXPIRED),
        )
    )


def patients_for(viewer, *, search: str = ""):
    """The patients `viewer` may see (care team, or the whole clinic for an admin)."""
    patients = (
        User.objects.patients()
        .filter(pk__in=PatientProfile.objects.visible_to(viewer).values("pk"))
        .select_related("patient_profile__condition")
        .order_by("full_name", "email")
    )
    if search.strip():
        term = search.strip()
        patients = patients.filter(Q(full_name__icontains=term) | Q(email__icontains=term))
    return with_invitation_state(patients)


def clinic_staff(admin):
    """The clinic's clinicians and admins, for its admin."""
    return with_invitation_state(
        User.objects.visible_to(admin)
        .filter(role__in=[Role.CLINICIAN, Role.CLINIC_ADMIN])
        .order_by("-is_active", "full_name", "email")
    )


def care_team_choices(clinic):
    """Clinicians who can join a care team: the clinic's active clinicians."""
    return User.objects.filter(clinic=clinic, role=Role.CLINICIAN, is_active=True).order_by(
        "full_name"
    )
