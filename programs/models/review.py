"""Decision-support flags as stored: raised at save time or acknowledged by a clinician."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import PatientProfile
from programs.models.prescribing import Prescription, Program


class FlagKind(models.TextChoices):
    # A "yes" in the weekly red-flag check-in: a medical question, not a load one, so it
    # comes before every pain flag on the caseload (docs/clinical-rules.md).
    RED_FLAG = "red_flag", "Red-flag symptom"
    RED_PAIN = "red_pain", "Pain above limit"
    FLARE = "flare", "Flare the next morning"
    RISING_PAIN = "rising_pain", "Morning symptom rising"
    MISSED = "missed", "Missed days"
    PROGRESS = "progress", "Ready to progress"


class FlagQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(patient_id__in=PatientProfile.objects.visible_to(user).values("user_id"))

    def open(self):
        return self.filter(acknowledged_at__isnull=True)


class Flag(models.Model):
    """A decision-support flag with its reason in words and numbers, and its acknowledgement."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    prescription = models.ForeignKey(
        Prescription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    reason = models.TextField()
    raised_on = models.DateField(help_text="The patient-local date the flag applies to.")
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement_note = models.TextField(blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-created_at"]
        constraints = [
            # One flag of a kind per program and day: re-saving a log updates it in place.
            models.UniqueConstraint(
                fields=["program", "kind", "raised_on"], name="one_flag_per_kind_per_day"
            ),
        ]
        indexes = [models.Index(fields=["patient", "acknowledged_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.raised_on})"
