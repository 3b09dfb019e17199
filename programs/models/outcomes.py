"""Outcome questionnaires as answered: one response per program, instrument and due date, and
its answers, saved page by page. The instruments themselves (items, options, scoring) are
data in `programs.outcomes`; a row names its instrument by code."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.models.prescribing import Program


class Occasion(models.TextChoices):
    BASELINE = "baseline", "Start"
    FOLLOW_UP = "follow_up", "Follow-up"
    COMPLETION = "completion", "End of program"


class OutcomeStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Started"
    COMPLETED = "completed", "Completed"


class OutcomeResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Responses of the programs the user may see (a patient: their own, never a draft's)."""
        return self.filter(program__in=Program.objects.visible_to(user))

    def completed(self):
        return self.filter(status=OutcomeStatus.COMPLETED)


class OutcomeResponse(models.Model):
    """One questionnaire (instrument) answered once, for one due date of a program.

    Started when the patient opens its first page; answers are kept page by page, so it
    resumes where it was left. `score` is the instrument's total, set when it is completed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_responses"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="outcome_responses")
    instrument = models.CharField(max_length=20, help_text="programs.outcomes.instruments code")
    occasion = models.CharField(max_length=12, choices=Occasion.choices)
    due_on = models.DateField(help_text="The patient-local date it fell due.")
    status = models.CharField(
        max_length=12, choices=OutcomeStatus.choices, default=OutcomeStatus.IN_PROGRESS
    )
    # The pages saved so far: the patient resumes on the next one.
    pages_done = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    objects = OutcomeResponseQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "instrument"]
        constraints = [
            # Two tabs or a retry opening the same questionnaire find one response.
            models.UniqueConstraint(
                fields=["program", "instrument", "due_on"], name="one_response_per_due_date"
            ),
            # A completed response has its score and time; a started one has neither.
            models.CheckConstraint(
                condition=Q(
                    status=OutcomeStatus.COMPLETED,
                    completed_at__isnull=False,
                    score__isnull=False,
                )
                | Q(
                    status=OutcomeStatus.IN_PROGRESS,
                    completed_at__isnull=True,
                    score__isnull=True,
                ),
                name="outcome_completed_has_score",
            ),
        ]
        # The caseload and the report read a patient's completed scores in date order.
        indexes = [
            models.Index(
                fields=["patient", "instrument", "due_on"],
                condition=Q(status=OutcomeStatus.COMPLETED),
                name="outcome_scores",
            )
        ]

    def __str__(self):
        return f"{self.instrument} due {self.due_on}"

    @property
    def is_completed(self) -> bool:
        return self.status == OutcomeStatus.COMPLETED


class OutcomeAnswer(models.Model):
    """One item's answer. `value` is the chosen option's number; null where the patient chose
    "not applicable" (FAAM), which the instrument leaves out of its score. For the PSFS,
    `text` holds the activity the patient named and `value` its 0–10 rating."""

    response = models.ForeignKey(OutcomeResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=20)
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["response", "item"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=10),
                name="outcome_answer_0_10",
            ),
        ]

    def __str__(self):
        return f"{self.item} = {self.value}"
