import functools
import re
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.timezone import now

from accounts.addresses import MAX_LENGTH, normalise
from accounts.audit_actions import ACTION_LABELS, PATIENT_PHRASES
from accounts.health import HealthFactor, known_factors


@functools.cache
def known_timezones() -> frozenset[str]:
    """The IANA zone names. Cached: each call otherwise walks the zone files on disk."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value and value not in known_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (for example Europe/London).")


class Role(models.TextChoices):
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"
    CLINICIAN = "clinician", "Clinician"
    PATIENT = "patient", "Patient"


class ClinicQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.clinic_id is None:
            return self.none()
        return self.filter(pk=user.clinic_id)


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    timezone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_timezone]
    )
    late_logging_days = models.PositiveSmallIntegerField(
        "late-logging window (days)",
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text="How many past days a patient may still fill in or correct.",
    )
    missed_days_flag = models.PositiveSmallIntegerField(
        "missed days before a flag",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    require_two_factor = models.BooleanField(
        "require two-factor sign-in",
        default=True,
        help_text="Clinicians and clinic admins confirm each sign-in with a code from their phone.",
    )
    # How patients reach the clinic: shown beside red-flag advice and "About your condition".
    phone = models.CharField("clinic phone", max_length=40, blank=True)
    contact_email = models.EmailField("clinic e-mail for patients", blank=True)
    opening_hours = models.CharField(
        "opening hours",
        max_length=120,
        blank=True,
        help_text="When patients can reach you, in a few words: “Mon–Fri 8am–6pm, Sat 9am–12pm”.",
    )
    created_at = models.DateTimeField(default=now)

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def phone_link(self) -> str:
        """The phone as a tel: link ("020 7946 0123" → "tel:02079460123"); empty without one."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone) if self.phone else ""


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Accounts a user may see: themselves, and for clinic staff their clinic's people.

        Clinicians see colleagues and the patients on their care team; clinic admins see
        everyone in the clinic; patients see only themselves.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.CLINIC_ADMIN:
            return self.filter(clinic_id=user.clinic_id)
        if user.role == Role.CLINICIAN:
            return (
                self.filter(clinic_id=user.clinic_id)
                .filter(
                    Q(role__in=[Role.CLINICIAN, Role.CLINIC_ADMIN])
                    | Q(patient_profile__care_team=user)
                )
                .distinct()
            )
        return self.filter(pk=user.pk)

    def patients(self):
        return self.filter(role=Role.PATIENT)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email):
        # Addresses are stored normalised (accounts.addresses): people type them in any case
        # and any Unicode spelling, and only an exact match of the normalised form is theirs.
        return self.get(email=normalise(email))

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Always normalised (accounts.addresses.normalise, on save), so uniqueness and sign-in
    # are exact matches.
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)
    # Part of what every session of this user is signed with: a new value ends them all.
    session_generation = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            # Clinic people always belong to a clinic; staff-only accounts need not.
            models.CheckConstraint(
                condition=Q(role="") | Q(clinic__isnull=False), name="user_role_needs_clinic"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        # Before the uniqueness check, which compares the stored (normalised) form.
        self.email = normalise(self.email)
        if len(self.email) > MAX_LENGTH:  # NFKC lengthens some characters
            raise ValidationError(
                {"email": f"An e-mail address has at most {MAX_LENGTH} characters."}
            )

    def save(self, *args, **kwargs):
        self.email = normalise(self.email)
        if not self.is_active:
            # A deactivated account keeps no session: ending them now (not only on their
            # next request) means reactivating the account cannot bring one back.
            self.session_generation += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_generation"}
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        """Django's HMAC of the password hash that every session of this user carries and
        each request checks (also behind the public get_session_auth_hash and its
        fallbacks), here with the session generation too. Generation 0 keeps Django's
        own, so the sessions from before the generation existed stay valid."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret)
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.session_generation}:{self.password}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_patient(self):
        return self.role == Role.PATIENT

    @property
    def is_clinician(self):
        return self.role == Role.CLINICIAN

    @property
    def is_clinic_admin(self):
        return self.role == Role.CLINIC_ADMIN

    @property
    def is_clinic_staff(self):
        """Clinicians and clinic admins: the people who prescribe and review."""
        return self.role in (Role.CLINICIAN, Role.CLINIC_ADMIN)


class PatientProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active or user.clinic_id is None:
            return self.none()
        if user.role == Role.CLINIC_ADMIN:
            return self.filter(user__clinic_id=user.clinic_id)
        if user.role == Role.CLINICIAN:
            return self.filter(user__clinic_id=user.clinic_id, care_team=user)
        if user.role == Role.PATIENT:
            return self.filter(user=user)
        return self.none()


class PatientProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="patient_profile",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    condition = models.ForeignKey(
        "exercises.Condition", null=True, blank=True, on_delete=models.SET_NULL
    )
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="Leave blank to use the clinic's time zone.",
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="care_patients", blank=True
    )
    # The health screen: the factors the builder checks exercises against. Never filled in
    # while `health_screen_at` is empty; filled in with no factor is a real answer. The
    # database default serves bulk loads that name their columns (benchmarks' COPY).
    health_factors = ArrayField(
        models.CharField(max_length=30, choices=HealthFactor.choices),
        default=list,
        db_default=[],
        blank=True,
    )
    health_screen_at = models.DateTimeField("health screen checked on", null=True, blank=True)
    health_screen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="health screen checked by",
    )
    created_at = models.DateTimeField(default=now)

    objects = PatientProfileQuerySet.as_manager()

    def __str__(self):
        return str(self.user)

    @property
    def tzname(self) -> str:
        return self.timezone or self.user.clinic.timezone

    @property
    def has_health_screen(self) -> bool:
        return self.health_screen_at is not None

    @property
    def health_factor_list(self) -> list[HealthFactor]:
        return known_factors(self.health_factors)


# How a patient's access log names each person, by the role they had at the time.
RELATIONS_TO_PATIENT = {
    Role.CLINICIAN: "your clinician",
    Role.CLINIC_ADMIN: "an admin at your clinic",
    "staff": "of the Stride support team",
}


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_active and user.role == Role.CLINIC_ADMIN:
            return self.filter(clinic_id=user.clinic_id)
        return self.none()

    def access_log_for(self, patient):
        """What other people did with this patient's record (what the patient may see)."""
        return self.filter(patient=patient, outcome=AuditEvent.Outcome.OK).exclude(user=patient)


class AuditEvent(models.Model):
    """One row per access to or change of patient data, and per sign-in event.

    Holds who, what and where, never the data itself: no pain scores, notes or passwords.
    Write them with `accounts.audit.record` (one INSERT). A database trigger chains every
    insert, however made: it sets `id`, `at` (the default here is overridden), the hash of the
    row before (`prev_hash`) and the row's own (`hash`); another refuses updates and deletes.
    An ORM `create()` gets its `id` back but not the trigger's `at` or hashes: re-read the row.
    People with audit rows cannot be deleted (PROTECT): deactivate them instead.
    """

    class Outcome(models.TextChoices):
        OK = "ok", "Allowed"
        DENIED = "denied", "Refused"
        FAILED = "failed", "Failed"

    at = models.DateTimeField(default=now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True)
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=60)
    category = models.CharField(max_length=30, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["clinic", "-at"]), models.Index(fields=["patient", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def action_label(self) -> str:
        """The action's label; a row older than the vocabulary shows its raw code."""
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def patient_sentence(self) -> str:
        """The row as the patient reads it on their access log: "Alice Moreau, your
        clinician, opened your program"."""
        who = self.user.full_name if self.user else "Someone"
        relation = RELATIONS_TO_PATIENT.get(self.role)
        subject = f"{who}, {relation}," if relation else who
        phrase = PATIENT_PHRASES.get(self.action, f"used your record ({self.action})")
        return f"{subject} {phrase}"

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role.capitalize()


class AuditSeal(models.Model):
    """The HMAC of one audit row's id and hash, with a key only the app servers hold
    (accounts/audit_seal.py): whoever rewrites the chain inside the database cannot make
    new ones. Insert-only like the trail (a trigger refuses UPDATE, DELETE and TRUNCATE).
    No foreign-key constraint: a seal left behind by a removed row shows the removal."""

    event = models.OneToOneField(
        AuditEvent,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="seal",
    )
    key_id = models.CharField(max_length=32)
    mac = models.CharField(max_length=64)

    def __str__(self):
        return f"Seal of audit event {self.event_id} ({self.key_id})"


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(user__in=User.objects.visible_to(user).patients())


class Invitation(models.Model):
    """A one-time link that lets a new patient choose their own password.

    The link carries a signed token of the id; `used_at` and `revoked_at` make it one-time,
    and re-sending revokes every earlier link of the same user.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.user}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > now()
