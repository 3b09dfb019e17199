"""Templates, programs and their prescriptions: what a clinician prescribes."""

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.health import HealthFactor, patient_phrases
from accounts.models import PatientProfile, Role
from exercises.dose import (
    ALL_WEEKDAYS,
    amount_in_words,
    days_in_words,
    dose_in_words,
    duration_in_words,
)
from exercises.models import TASK_TYPES, is_task_type, shared_or_own_clinic
from programs.symptoms import Symptom, symptom_of


class Side(models.TextChoices):
    BOTH = "both", "Both sides"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    NONE = "", "Not sided"


class DoseFields(models.Model):
    """The dose of one exercise, shared by template items and prescriptions."""

    sets = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    times_per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    weekdays = models.PositiveSmallIntegerField(
        default=ALL_WEEKDAYS,
        validators=[MinValueValidator(1), MaxValueValidator(ALL_WEEKDAYS)],
        help_text="Bit mask of the days it is due; bit 0 is Monday.",
    )
    side = models.CharField(max_length=5, choices=Side.choices, blank=True, default=Side.NONE)
    rest_seconds = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(600)])
    note = models.CharField("note to the patient", max_length=300, blank=True)
    # Free words, as the clinician and patient say it: "5 kg backpack", "red band". The
    # database default serves bulk loads that name no load (benchmarks/scale_data.py).
    load = models.CharField(max_length=40, blank=True, default="", db_default="")

    class Meta:
        abstract = True

    @classmethod
    def dose_constraints(cls, prefix: str, *, reps_or_hold: Q | None) -> list:
        """`reps_or_hold`: which rows must have repetitions or a hold (a task has neither);
        None where the row cannot tell a task from an exercise."""
        checks = [
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=10), name=f"{prefix}_sets_1_10"
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=100),
                name=f"{prefix}_reps_1_100",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True)
                | Q(hold_seconds__gte=1, hold_seconds__lte=600),
                name=f"{prefix}_hold_1_600",
            ),
            models.CheckConstraint(
                condition=Q(times_per_day__gte=1, times_per_day__lte=6),
                name=f"{prefix}_times_per_day_1_6",
            ),
            models.CheckConstraint(
                condition=Q(weekdays__gte=1, weekdays__lte=ALL_WEEKDAYS),
                name=f"{prefix}_weekdays_mask",
            ),
            models.CheckConstraint(
                condition=Q(rest_seconds__gte=0, rest_seconds__lte=600),
                name=f"{prefix}_rest_0_600",
            ),
        ]
        if reps_or_hold is not None:
            checks.append(
                models.CheckConstraint(condition=reps_or_hold, name=f"{prefix}_reps_or_hold")
            )
        return checks

    @property
    def weekday_list(self) -> list[int]:
        """ISO weekdays minus one (0 = Monday) on which this is due."""
        return [day for day in range(7) if self.weekdays & (1 << day)]

    @property
    def weekday_label(self) -> str:
        return days_in_words(self.weekdays)

    @property
    def amount_text(self) -> str:
        """The sets, repetitions and hold alone: what the change log quotes."""
        return amount_in_words(
            sets=self.sets, reps=self.reps, hold_seconds=self.hold_seconds, load=self.load
        )

    @property
    def hold_text(self) -> str:
        """The hold alone, in the dose's own words ("30 seconds", "5 minutes")."""
        return duration_in_words(self.hold_seconds) if self.hold_seconds else ""

    @property
    def dose_text(self) -> str:
        return dose_in_words(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            times_per_day=self.times_per_day,
            weekdays=self.weekdays,
            side=self.side,
            rest_seconds=self.rest_seconds,
            load=self.load,
        )


class ProgramTemplateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Shared templates for every clinic, plus the user's clinic's own ones."""
        return shared_or_own_clinic(self, user)


class ProgramTemplate(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(
        "accounts.Clinic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Empty for a shared catalogue template.",
    )
    slug = models.SlugField(
        max_length=120, null=True, blank=True, unique=True, help_text="Catalogue templates only."
    )
    name = models.CharField(max_length=150)
    condition = models.ForeignKey(
        "exercises.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="templates",
    )
    phase = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    # A pathway of phases (issue 15): when to start this one, when to move on, to which, and
    # the part of "when to move on" Stride can check from the logs (programs.review.phases).
    entry_criteria = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    exit_criteria = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    next_phase = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    move_on_rule = models.JSONField(default=dict, blank=True)
    sources = ArrayField(models.CharField(max_length=400), default=list, blank=True)
    is_archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProgramTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TemplateItem(DoseFields):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey("exercises.Exercise", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    # Planned dose changes by program week: [{"from_week": 3, "sets": 4, "reps": 10,
    # "load": "backpack"}], proposed to the clinician on the date (programs.review.phases).
    dose_steps = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "id"]
        # The row knows no exercise type: a task's item has neither reps nor hold, so the
        # forms and the catalogue loader check "reps or hold" against the exercise.
        constraints = DoseFields.dose_constraints("templateitem", reps_or_hold=None)

    def __str__(self):
        return f"{self.template}: {self.exercise}"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programs of the patients the user may see (drafts stay hidden from patients)."""
        patients = PatientProfile.objects.visible_to(user).values("user_id")
        programs = self.filter(patient_id__in=patients)
        if user.is_authenticated and user.role == Role.PATIENT:
            programs = programs.exclude(status=ProgramStatus.DRAFT)
        return programs


class Program(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programs"
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prescribed_programs"
    )
    condition = models.ForeignKey(
        "exercises.Condition", null=True, blank=True, on_delete=models.SET_NULL
    )
    # The template (pathway phase) it was built from: its criteria and planned dose steps.
    template = models.ForeignKey(
        ProgramTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=150)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    pain_limit = models.PositiveSmallIntegerField(
        "pain limit during exercise",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="Pain during exercise above this (0–10) raises a red flag.",
    )
    # How often the outcome questionnaires fall due between the start and the end
    # (programs.outcomes.schedule); the clinician picks it in the builder.
    outcome_interval_weeks = models.PositiveSmallIntegerField(
        "outcome questionnaires every",
        choices=[(2, "2 weeks"), (4, "4 weeks")],
        default=4,
        db_default=4,
    )
    # Optimistic locking: a save carrying an older version is refused, not silently lost.
    version = models.PositiveIntegerField(default=1)
    # The builder form that created the program: a second post of the same form (a double
    # click, a retry after a timeout) finds this program instead of creating another.
    submission = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="program_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(pain_limit__gte=0, pain_limit__lte=10), name="program_pain_limit_0_10"
            ),
            models.CheckConstraint(
                condition=Q(outcome_interval_weeks__in=[2, 4]), name="program_outcome_interval"
            ),
            models.UniqueConstraint(
                fields=["patient", "submission"], name="one_program_per_builder_submission"
            ),
        ]
        indexes = [models.Index(fields=["patient", "status"])]

    def __str__(self):
        return self.title

    @property
    def symptom(self) -> Symptom:
        """The daily symptom its patient scores (select `condition` with the program)."""
        return symptom_of(self.condition)


def span_days():
    """The days of a status span as a PostgreSQL daterange, both ends included; a span
    without an end runs on. The exclusion constraint's GiST index is built on this very
    expression, so a lookup written with it ("the span holding day D") is one index probe."""
    return models.Func(
        F("start_date"),
        F("end_date"),
        models.Value("[]"),
        function="daterange",
        output_field=DateRangeField(),
    )


class ProgramStatusSpan(models.Model):
    """One stretch of a program's status history: `status` from start_date to end_date.

    A program's spans follow one another without gaps from its start (or its creation, if
    earlier); the last one is open (no end date) and holds the current status. Adherence
    counts a day as due only inside an active span (DESIGN.md, "Scheduled").
    """

    # No index of its own: the exclusion constraint's GiST index, led by program_id, serves
    # every lookup by program.
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="status_spans", db_index=False
    )
    status = models.CharField(max_length=10, choices=ProgramStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="status_span_end_after_start",
            ),
            # No two spans of a program share a day, so a program has at most one open span.
            ExclusionConstraint(
                name="status_spans_never_overlap",
                expressions=[
                    ("program", RangeOperators.EQUAL),
                    (span_days(), RangeOperators.OVERLAPS),
                ],
                index_type="gist",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} from {self.start_date}"


class PrescriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(program__in=Program.objects.visible_to(user))

    def in_effect_on(self, day):
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )


class Prescription(DoseFields):
    """One exercise in a program, as prescribed.

    The instructions are copied from the catalogue so later catalogue edits do not change a
    running program. A dose change closes this row (valid_until) and opens a new one with
    the same `series`, so reports for past days use the dose that applied then.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="prescriptions")
    exercise = models.ForeignKey(
        "exercises.Exercise", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    series = models.UUIDField(default=uuid.uuid4, help_text="Shared by every version of this item.")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=240, blank=True)
    steps = ArrayField(models.TextField(), default=list)
    cues = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    precautions = models.TextField(blank=True)
    # As copied from the exercise (accounts.health's vocabulary); the database default
    # serves bulk loads that name their columns (benchmarks' COPY).
    contraindication_tags = ArrayField(
        models.CharField(max_length=30, choices=HealthFactor.choices),
        default=list,
        db_default=[],
        blank=True,
    )
    exercise_type = models.CharField(max_length=20, blank=True)
    today_label = models.CharField(max_length=80, blank=True, default="", db_default="")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PrescriptionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "valid_from"]
        constraints = DoseFields.dose_constraints(
            "prescription",
            reps_or_hold=Q(reps__isnull=False)
            | Q(hold_seconds__isnull=False)
            | Q(exercise_type__in=TASK_TYPES),
        )
        indexes = [models.Index(fields=["program", "valid_from"])]

    def __str__(self):
        return self.name

    @property
    def is_task(self) -> bool:
        return is_task_type(self.exercise_type)

    @property
    def do_not_do_if(self) -> list[str]:
        """The patient's words for each factor it is not for ("you are pregnant")."""
        return patient_phrases(self.contraindication_tags)

    @property
    def patient_picture_url(self) -> str:
        """Where the patient fetches its exercise's uploaded picture. The picture tag
        (exercises) reads this attribute, duck typed, so exercises never imports programs."""
        return reverse("patient_exercise_picture", args=[self.pk])


class ProgramChange(models.Model):
    """What changed in a program, when and by whom: the timeline on the report."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    effective_date = models.DateField()
    summary = models.TextField()

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self):
        return self.summary[:60]
