from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from exercises.catalogue_cards import (
    FRAGMENT_SECONDS,
    for_cards,
    rendered_cards,
    search_form_key,
)
from exercises.forms import CatalogueSearchForm
from exercises.models import Exercise
from exercises.picture_files import picture_response
from exercises.search import CATALOGUE_PAGE_SIZE, search_exercises


@require_GET
@clinic_staff_required
def exercise_list(request):
    form = CatalogueSearchForm(request.GET)
    form.is_valid()  # invalid filters are shown with their error and otherwise ignored
    exercises = for_cards(
        search_exercises(user=request.user, text=form.search_text(), filters=form.filters())
    )
    page = Paginator(exercises, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "cards": rendered_cards(page.object_list, user=request.user),
        "search_form_key": search_form_key(form),
        "fragment_seconds": FRAGMENT_SECONDS,
    }
    return render(request, "exercises/exercise_list.html", context)


@require_GET
@clinic_staff_required
def exercise_detail(request, slug):
    # Archived exercises still open here (for their clinic), only search leaves them out.
    exercise = get_object_or_404(
        Exercise.objects.visible_to(request.user).select_related("progression", "regression"),
        slug=slug,
    )
    context = {
        "exercise": exercise,
        "equipment": exercise.equipment.all(),
        "conditions": exercise.conditions.all(),
        "can_edit": Exercise.objects.editable_by(request.user).filter(pk=exercise.pk).exists(),
    }
    return render(request, "exercises/exercise_detail.html", context)


@require_GET
@clinic_staff_required
def exercise_image(request, slug):
    """An exercise's picture, for the staff who may see the exercise (patients get theirs
    through their prescription: programs' patient_exercise_picture)."""
    exercise = get_object_or_404(
        Exercise.objects.visible_to(request.user).exclude(image=""), slug=slug
    )
    return picture_response(exercise)
