from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.health import HealthFactor, known_factors
from accounts.models import Role
from exercises.dose import default_weekdays, dose_in_words


class BodyRegion(models.TextChoices):
    FOOT_ANKLE = "foot_ankle", "Foot and ankle"
    KNEE = "knee", "Knee"
    HIP = "hip", "Hip"
    LUMBAR = "lumbar", "Lower back"
    THORACIC = "thoracic", "Upper back"
    NECK = "neck", "Neck"
    SHOULDER = "shoulder", "Shoulder"
    ELBOW_WRIST = "elbow_wrist", "Elbow, wrist and hand"


class ExerciseType(models.TextChoices):
    STRETCH = "stretch", "Stretch"
    STRENGTH = "strength", "Strength"
    MOBILITY = "mobility", "Mobility"
    BALANCE = "balance", "Balance"
    SELF_MASSAGE = "self_massage", "Self-massage"
    COLD = "cold", "Cold"
    # Not sets and repetitions: something to do or wear (a night splint, insoles, a walking
    # plan) or a card to read, prescribed on a schedule and ticked once done (issue 15).
    TASK = "task", "Task"
    EDUCATION = "education", "Read this"


# The types whose dose is a schedule only: no sets, repetitions or holds, no drawing.
TASK_TYPES = (ExerciseType.EDUCATION.value, ExerciseType.TASK.value)


def is_task_type(exercise_type: str) -> bool:
    return exercise_type in TASK_TYPES


class Equipment(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self):
        return self.name


class Condition(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text="What it is, in plain language.")
    red_flags = ArrayField(
        models.CharField(max_length=300), default=list, help_text="Symptoms that need a doctor."
    )
    precautions = ArrayField(models.CharField(max_length=300), default=list)
    when_to_stop = ArrayField(models.CharField(max_length=300), default=list)
    body_region = models.CharField(max_length=20, choices=BodyRegion.choices)
    # The daily question the patient scores 0–10 each morning, and what flags, charts and
    # advice call that score: the 24-hour response differs by condition (first steps for
    # heel pain, the night for the shoulder). Empty: programs ask their default question.
    symptom_question = models.CharField(max_length=200, blank=True)
    symptom_label = models.CharField(
        max_length=40, blank=True, help_text='Short, lower case: "first-step pain".'
    )
    default_pain_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="A new program's pain limit during exercise (0–10) for this condition.",
    )
    # What patients read on "About your condition" (issue 15), beside the description.
    how_long = models.TextField(blank=True, help_text="How long recovery usually takes.")
    what_helps = ArrayField(models.CharField(max_length=400), default=list, blank=True)
    daily_life = ArrayField(
        models.CharField(max_length=400),
        default=list,
        blank=True,
        help_text="Footwear, pacing and everyday advice.",
    )
    sources = ArrayField(
        models.CharField(max_length=400), default=list, blank=True, help_text="What it rests on."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("condition_detail", args=[self.slug])


def shared_or_own_clinic(queryset, user):
    """Catalogue rows (`clinic` empty) plus the user's clinic's own ones, for clinic staff;
    the shared rows only for Stride staff; nothing for patients, who read exercises through
    their prescriptions, never the catalogue."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.role in (Role.CLINICIAN, Role.CLINIC_ADMIN):
        return queryset.filter(Q(clinic__isnull=True) | Q(clinic_id=user.clinic_id))
    if user.is_staff and not user.role:
        return queryset.filter(clinic__isnull=True)
    return queryset.none()


class ExerciseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return shared_or_own_clinic(self, user)

    def active(self):
        return self.filter(is_archived=False)

    def editable_by(self, user):
        """The user's clinic's own exercises; the shared library is edited in the admin."""
        return self.visible_to(user).filter(clinic__isnull=False, clinic_id=user.clinic_id)


class Exercise(models.Model):
    clinic = models.ForeignKey(
        "accounts.Clinic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Empty for the shared library; set for a clinic's own exercise.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=240)
    steps = ArrayField(models.TextField(), help_text="3 to 8 steps, in order.")
    cues = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    body_region = models.CharField(max_length=20, choices=BodyRegion.choices)
    exercise_type = models.CharField("type", max_length=20, choices=ExerciseType.choices)
    equipment = models.ManyToManyField(Equipment, blank=True)
    conditions = models.ManyToManyField(Condition, blank=True, related_name="exercises")
    difficulty = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    default_sets = models.PositiveSmallIntegerField(default=3)
    default_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    default_hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    default_times_per_day = models.PositiveSmallIntegerField(default=1)
    default_days_per_week = models.PositiveSmallIntegerField(default=7)
    # Free days needed between two sessions: 1 for "every other day, never two days in a
    # row". Applying a suggestion spaces the new exercise's days by it.
    min_rest_days = models.PositiveSmallIntegerField(
        "rest days between sessions", default=0, validators=[MaxValueValidator(3)]
    )
    precautions = models.TextField(blank=True)
    contraindications = models.TextField(blank=True)
    # The patient factors it is not for, checked against the health screen when prescribing.
    contraindication_tags = ArrayField(
        models.CharField(max_length=30, choices=HealthFactor.choices),
        default=list,
        blank=True,
        verbose_name="not for patients with",
    )
    progression = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    regression = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ImageField(upload_to="exercises/", blank=True)
    # Who made the uploaded picture and on what terms, shown under it: the clinic answers
    # for it, as load_catalogue checks the drawings' own licence metadata.
    image_author = models.CharField("picture by", max_length=200, blank=True)
    image_licence = models.CharField("picture licence", max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    # A task's line on Today ("Night splint on tonight"); exercises leave it empty.
    today_label = models.CharField(max_length=80, blank=True)
    sources = ArrayField(
        models.CharField(max_length=400), default=list, blank=True, help_text="What it rests on."
    )
    is_archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Weighted name (A), summary (B), steps and cues (C). A database trigger (migration 0002)
    # keeps it current on every insert and update, whichever code path writes the row.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="exercise_search_vector"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="exercise_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=3), name="exercise_difficulty_1_3"
            ),
            models.CheckConstraint(
                condition=Q(default_reps__isnull=False)
                | Q(default_hold_seconds__isnull=False)
                | Q(exercise_type__in=TASK_TYPES),
                name="exercise_reps_or_hold",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exercise_detail", args=[self.slug])

    @property
    def default_dose_text(self) -> str:
        """The dose in the words its prescription will read, on the days it will be due."""
        return dose_in_words(
            sets=self.default_sets,
            reps=self.default_reps,
            hold_seconds=self.default_hold_seconds,
            times_per_day=self.default_times_per_day,
            weekdays=default_weekdays(self.default_days_per_week),
        )

    @property
    def is_task(self) -> bool:
        return is_task_type(self.exercise_type)

    @property
    def contraindication_factors(self) -> list[HealthFactor]:
        return known_factors(self.contraindication_tags)

    @property
    def placeholder_image(self) -> str:
        """Static path of the drawing shown for this type when there is no photo."""
        return f"img/exercise-types/{self.exercise_type}.svg"
