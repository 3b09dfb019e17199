"""A clinic's own exercises: create, edit, archive and restore. The shared library is
edited by staff in the Django admin, so it is a 404 here."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from exercises.forms import ClinicExerciseForm
from exercises.models import Exercise
from exercises.search import CATALOGUE_PAGE_SIZE
from exercises.services import save_clinic_exercise, set_exercise_archived


def _get_own_exercise(request, slug) -> Exercise:
    return get_object_or_404(Exercise.objects.editable_by(request.user), slug=slug)


@require_GET
@clinic_staff_required
def clinic_exercise_list(request):
    exercises = (
        Exercise.objects.editable_by(request.user)
        .prefetch_related("equipment")
        .order_by("is_archived", "name", "pk")
    )
    page = Paginator(exercises, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exercises/clinic_exercise_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def exercise_create(request):
    return _exercise_form_page(request, Exercise())


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def exercise_edit(request, slug):
    return _exercise_form_page(request, _get_own_exercise(request, slug))


def _exercise_form_page(request, exercise: Exercise):
    creating = exercise.pk is None
    form = ClinicExerciseForm(
        request.POST or None, request.FILES or None, instance=exercise, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            exercise = save_clinic_exercise(form=form, user=request.user)
            action = AuditAction.EXERCISE_CREATED if creating else AuditAction.EXERCISE_EDITED
            record(request, action, category="catalogue", obj=exercise)
        messages.success(request, f"“{exercise.name}” is saved in your clinic's exercises.")
        return redirect(exercise)
    return render(
        request,
        "exercises/exercise_form.html",
        {"form": form, "exercise": exercise, "creating": creating},
    )


@require_POST
@clinic_staff_required
def exercise_archive(request, slug):
    return _set_archived(request, slug, archived=True)


@require_POST
@clinic_staff_required
def exercise_restore(request, slug):
    return _set_archived(request, slug, archived=False)


def _set_archived(request, slug, *, archived: bool):
    exercise = _get_own_exercise(request, slug)
    with transaction.atomic():
        set_exercise_archived(exercise=exercise, archived=archived)
        action = AuditAction.EXERCISE_ARCHIVED if archived else AuditAction.EXERCISE_RESTORED
        record(request, action, category="catalogue", obj=exercise)
    if archived:
        messages.success(request, f"“{exercise.name}” is archived: it no longer appears in search.")
    else:
        messages.success(request, f"“{exercise.name}” is back in the catalogue.")
    return redirect(exercise)
