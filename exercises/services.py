"""Writes to the catalogue: a clinic's own exercises."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from exercises.models import Exercise

SLUG_BASE_LENGTH = 100
# Path segments of the catalogue that must never be taken by an exercise slug.
RESERVED_SLUGS = {"new"}


def clinic_exercise_slug(*, name: str, clinic) -> str:
    """A free slug for a clinic's exercise. The clinic's name is part of it, so a shared
    catalogue exercise added later by `load_catalogue` cannot collide with it."""
    base = slugify(f"{name} {clinic.name}")[:SLUG_BASE_LENGTH].strip("-") or "exercise"
    taken = set(Exercise.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def save_clinic_exercise(*, form, user) -> Exercise:
    """Save a valid `ClinicExerciseForm`: a new exercise belongs to the user's clinic."""
    exercise = form.save(commit=False)
    if exercise._state.adding:
        exercise.clinic = user.clinic
        exercise.created_by = user
        exercise.slug = clinic_exercise_slug(name=exercise.name, clinic=user.clinic)
    exercise.updated_at = timezone.now()
    exercise.save()
    form.save_m2m()
    return exercise


def set_exercise_archived(*, exercise: Exercise, archived: bool) -> None:
    """Archived exercises leave search and the program builder; running programs keep
    their copied instructions, so nothing a patient follows changes."""
    exercise.is_archived = archived
    exercise.updated_at = timezone.now()
    exercise.save(update_fields=["is_archived", "updated_at"])
