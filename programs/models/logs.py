"""The patient's daily logs: one per program and patient-local date, with completions."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.models.prescribing import Prescription, Program


class Difficulty(models.TextChoices):
    TOO_EASY = "too_easy", "Too easy"
    ABOUT_RIGHT = "about_right", "About right"
    TOO_HARD = "too_hard", "Too hard"


class SessionLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(program__in=Program.objects.visible_to(user))


class SessionLog(models.Model):
    """One day's log of one program, on the patient's local date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="logs")
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_logs"
    )
    date = models.DateField()
    # The score of the condition's own daily question (programs.symptoms): first-step pain
    # for heel pain, pain at night for the shoulder. The name stays from the first condition.
    morning_pain = models.PositiveSmallIntegerField(
        "morning symptom score",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    exercise_pain = models.PositiveSmallIntegerField(
        "worst pain during the exercises",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    # The exercise the patient said hurt most, after pain above the limit or a flare: what
    # the suggested regression is aimed at (programs.review.suggestions).
    hardest = models.ForeignKey(
        Prescription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SessionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["program", "date"], name="one_log_per_program_per_day"),
            models.CheckConstraint(
                condition=Q(morning_pain__isnull=True) | Q(morning_pain__lte=10),
                name="log_morning_pain_0_10",
            ),
            models.CheckConstraint(
                condition=Q(exercise_pain__isnull=True) | Q(exercise_pain__lte=10),
                name="log_exercise_pain_0_10",
            ),
        ]
        indexes = [models.Index(fields=["patient", "date"])]

    def __str__(self):
        return f"{self.program} on {self.date}"


class ExerciseCompletion(models.Model):
    log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="completions")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="completions"
    )
    times_done = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(6)])
    sets_done = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(10)])
    # Which sessions of the day were ticked: bit 0 the first ("Morning"), bit 1 the second.
    # times_done counts them, and adherence reads times_done; 0 with times_done set means
    # "the first times_done sessions" (logs saved before sessions were told apart, bulk loads).
    sessions = models.PositiveSmallIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "prescription"], name="one_completion_per_item"),
            models.CheckConstraint(condition=Q(times_done__lte=6), name="completion_times_0_6"),
            models.CheckConstraint(condition=Q(sets_done__lte=10), name="completion_sets_0_10"),
            models.CheckConstraint(condition=Q(sessions__lt=64), name="completion_sessions_6_bits"),
        ]

    def __str__(self):
        return f"{self.prescription} ×{self.times_done}"

    @property
    def session_numbers(self) -> list[int]:
        """The sessions ticked, 1 for the first of the day."""
        if not self.sessions:
            return list(range(1, self.times_done + 1))
        return [bit + 1 for bit in range(6) if self.sessions >> bit & 1]
