"""Writes to accounts: adding patients and clinicians, care teams, deactivation.

Each function does one named thing in one transaction; views audit and render.
"""

from django.db import IntegrityError, transaction
from django.utils.timezone import now

from accounts import invitations
from accounts.addresses import normalise
from accounts.health import HealthFactor
from accounts.models import Invitation, PatientProfile, Role, User, validate_timezone

# Said when the address is someone's the person adding cannot see: it does not say whose,
# nor which clinic, so a clinic cannot probe who another clinic's patients are.
ADDRESS_UNAVAILABLE = (
    "We can't use this e-mail address. If the person already has a Stride account, perhaps "
    "with another clinic, ask them for a different address, or contact support."
)


class EmailInUse(Exception):
    """The e-mail belongs to an existing account; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CannotDeactivateSelf(Exception):
    pass


class CannotChangeOwnRole(Exception):
    """An admin may not demote themselves: the clinic could be left without one."""


def _new_user(*, email: str, full_name: str, role: str, clinic, by: User) -> User:
    """A user without a password (they choose it through their invitation)."""
    user = User(email=normalise(email), full_name=full_name.strip(), role=role, clinic=clinic)
    user.set_unusable_password()
    _save_with_free_email(user, by=by)
    return user


def _save_with_free_email(user: User, *, by: User) -> None:
    """Save `user`, or raise EmailInUse when another account has their e-mail address."""
    existing = User.objects.filter(email=user.email).exclude(pk=user.pk).first()
    if existing is not None:
        raise EmailInUse(_address_taken_message(existing, by=by))
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address saved at the same moment elsewhere
        raise EmailInUse(ADDRESS_UNAVAILABLE) from None


def _address_taken_message(existing: User, *, by: User) -> str:
    """Whose the address is, in plain words, when `by` may see them (a clinic admin sees
    all their clinic's people); the neutral ADDRESS_UNAVAILABLE otherwise."""
    if not User.objects.visible_to(by).filter(pk=existing.pk).exists():
        return ADDRESS_UNAVAILABLE
    role = Role(existing.role).label.lower()
    return f"{existing.full_name}, a {role} at your clinic, already has this e-mail address."


@transaction.atomic
def add_patient(
    *,
    clinician: User,
    full_name: str,
    email: str,
    condition,
    date_of_birth=None,
    timezone: str = "",
    care_team=None,
) -> Invitation:
    """Create the patient, their profile and care team, and their first invitation.

    `care_team` defaults to the adding clinician; a clinic admin chooses it.
    """
    user = _new_user(
        email=email,
        full_name=full_name,
        role=Role.PATIENT,
        clinic=clinician.clinic,
        by=clinician,
    )
    profile = PatientProfile.objects.create(
        user=user, condition=condition, date_of_birth=date_of_birth, timezone=timezone
    )
    profile.care_team.set(care_team or [clinician])
    return invitations.create(user=user, created_by=clinician)


def _patient_details(patient: User) -> dict:
    profile = patient.patient_profile
    return {
        "name": patient.full_name,
        "e-mail": patient.email,
        "condition": profile.condition_id,
        "date of birth": profile.date_of_birth,
        "time zone": profile.timezone,
    }


@transaction.atomic
def update_patient(
    *, patient: User, by: User, full_name: str, email: str, condition, date_of_birth, timezone: str
) -> list[str]:
    """Correct a patient's details, as `by`; returns the labels of what changed (for the
    message).

    A new e-mail address is their sign-in from now on (and where invitations go).
    """
    before = _patient_details(patient)
    profile = patient.patient_profile
    patient.full_name = full_name.strip()
    patient.email = normalise(email)
    profile.condition = condition
    profile.date_of_birth = date_of_birth
    profile.timezone = timezone
    after = _patient_details(patient)
    _save_with_free_email(patient, by=by)
    profile.save(update_fields=["condition", "date_of_birth", "timezone"])
    return [label for label in before if before[label] != after[label]]


@transaction.atomic
def add_clinician(*, admin: User, full_name: str, email: str) -> Invitation:
    user = _new_user(
        email=email,
        full_name=full_name,
        role=Role.CLINICIAN,
        clinic=admin.clinic,
        by=admin,
    )
    return invitations.create(user=user, created_by=admin)


def save_health_screen(*, profile: PatientProfile, factors: list[str], by: User) -> None:
    """Record the patient's health screen as checked now by `by`, whether or not it
    changed: the date says how current the answer is."""
    profile.health_factors = [factor for factor in HealthFactor if factor in set(factors)]
    profile.health_screen_at = now()
    profile.health_screen_by = by
    profile.save(update_fields=["health_factors", "health_screen_at", "health_screen_by"])


def set_patient_timezone(*, profile: PatientProfile, timezone: str) -> None:
    """The patient's own time zone ("" follows the clinic's); the form has checked it, the
    model's validator backs it up."""
    validate_timezone(timezone)
    profile.timezone = timezone
    profile.save(update_fields=["timezone"])


def set_care_team(*, profile: PatientProfile, clinicians) -> None:
    profile.care_team.set(clinicians)


@transaction.atomic
def set_active(*, person: User, active: bool, by: User) -> None:
    """Deactivate or reactivate a member of staff; a deactivated person's links stop."""
    if person.pk == by.pk and not active:
        raise CannotDeactivateSelf
    person.is_active = active
    person.save(update_fields=["is_active"])
    if not active:
        invitations.revoke_pending(user=person)


STAFF_ROLES = (Role.CLINICIAN, Role.CLINIC_ADMIN)


def set_role(*, person: User, role: str, by: User) -> None:
    """Make a member of staff a clinician or a clinic admin (who sees every patient)."""
    if role not in STAFF_ROLES:
        raise ValueError(f"Not a staff role: {role}")
    if person.pk == by.pk:
        raise CannotChangeOwnRole
    person.role = role
    person.save(update_fields=["role"])
