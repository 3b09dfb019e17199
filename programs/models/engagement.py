"""What keeps a patient going between visits: e-mail reminders at their own time, a calendar
feed of their sessions, and messages between the patient and their care team."""

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from accounts.models import PatientProfile
from exercises.dose import ALL_WEEKDAYS

# A message is read on a phone: long enough for a question, short enough to stay a note.
MESSAGE_MAX_LENGTH = 2000


class ReminderSettingsQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(patient_id__in=PatientProfile.objects.visible_to(user).values("user_id"))


class ReminderSettings(models.Model):
    """When a patient wants an e-mail reminder: one local time per session of the day (the
    first time is the first session's, "Morning"), on the chosen weekdays, in their own time
    zone. No row, or `enabled` off: no reminders (they are opt-in)."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    enabled = models.BooleanField(default=False)
    times = ArrayField(models.TimeField(), default=list, blank=True)
    weekdays = models.PositiveSmallIntegerField(default=ALL_WEEKDAYS)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReminderSettingsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(weekdays__gte=0, weekdays__lte=ALL_WEEKDAYS),
                name="reminder_weekdays_mask",
            ),
        ]
        # The scheduler reads only the patients who asked for reminders.
        indexes = [models.Index(fields=["patient"], condition=Q(enabled=True), name="reminders_on")]

    def __str__(self):
        return f"Reminders of {self.patient}"


class ReminderKind(models.TextChoices):
    SESSION = "session", "Session reminder"
    NUDGE = "nudge", "Nudge after missed days"


class Reminder(models.Model):
    """One reminder e-mail the scheduler decided to send: at most one per patient, local day
    and slot (the session's number, 0 for a nudge), by a unique constraint, so schedulers
    running side by side on several workers insert it once and only that insert sends it.
    `claimed_at` is set before the e-mail goes: a sender that dies half-way loses that
    e-mail rather than sending it twice."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "local_date", "slot"], name="one_reminder_per_patient_slot"
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(claimed_at__isnull=True), name="unclaimed"),
            models.Index(fields=["patient", "kind", "local_date"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.patient} on {self.local_date}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(patient_id__in=PatientProfile.objects.visible_to(user).values("user_id"))


class CalendarFeed(models.Model):
    """A patient's private calendar URL. The token is the only key: turning the link off
    deletes the row, and a new link gets a new token, so an old URL answers 404."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self):
        return f"Calendar feed of {self.patient}"


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The threads of the patients the user may see: a patient's own, a clinician's care
        team's, a clinic admin's clinic's."""
        return self.filter(patient_id__in=PatientProfile.objects.visible_to(user).values("user_id"))

    def unread_for(self, user):
        """Messages waiting for `user`'s side of the thread: the care team's from the
        patient, the patient's from the care team."""
        if user.is_patient:
            return self.filter(read_at__isnull=True).exclude(author=user)
        return self.filter(read_at__isnull=True, author=models.F("patient"))


class Message(models.Model):
    """One message in a patient's thread with their care team. The care team reads as one:
    a message from the patient is read once any of them opens the thread."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_written"
    )
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(GreaterThan(Length("body"), 0))
                & Q(LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH)),
                name="message_body_length",
            ),
        ]
        indexes = [
            models.Index(fields=["patient", "created_at"]),
            # Unread counts on the caseload: the few unread rows of the page's patients.
            models.Index(fields=["patient"], condition=Q(read_at__isnull=True), name="unread"),
            # The rate limit counts an author's recent messages.
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        return f"Message in {self.patient}'s thread at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def from_patient(self) -> bool:
        return self.author_id == self.patient_id
