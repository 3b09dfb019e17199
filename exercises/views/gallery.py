"""The illustration gallery: every catalogue exercise's frames side by side, for review."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.models import Role
from exercises.illustrations import exercise_svgs, has_illustration, image_metadata
from exercises.models import TASK_TYPES, BodyRegion, Exercise


def may_review_drawings(user) -> bool:
    """Clinic staff of any clinic and Stride staff: the drawings are the shared library's."""
    return user.role in (Role.CLINICIAN, Role.CLINIC_ADMIN) or (user.is_staff and not user.role)


def gallery_entry(exercise) -> dict:
    if not has_illustration(exercise.slug):
        return {"exercise": exercise, "frames": None}
    frames = exercise_svgs(exercise.slug, title=exercise.name)
    return {
        "exercise": exercise,
        # Safe: the renderer escapes the title, and the rest is its own markup.
        "frames": [mark_safe(svg) for svg in frames],  # noqa: S308 # nosec B308 B703
        "licence": image_metadata(exercise.slug),
    }


@require_GET
@login_required
def illustration_gallery(request):
    if not may_review_drawings(request.user):
        raise PermissionDenied
    # Tasks and read-this cards are not movements: they have no drawing to review.
    exercises = (
        Exercise.objects.filter(clinic__isnull=True)
        .exclude(exercise_type__in=TASK_TYPES)
        .active()
        .order_by("name")
    )
    by_region = {region: [] for region in BodyRegion}
    for exercise in exercises:
        by_region[exercise.body_region].append(gallery_entry(exercise))
    regions = [
        {
            "label": region.label,
            "entries": entries,
            "missing": sum(not e["frames"] for e in entries),
        }
        for region, entries in by_region.items()
        if entries
    ]
    return render(request, "exercises/illustration_gallery.html", {"regions": regions})
