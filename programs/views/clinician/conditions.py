"""A condition's page: what it is, its exercises, and the program templates for it.

It lists programs' templates, so it is rendered here, by the app that can see both the
catalogue and the templates; the URL stays under /catalogue/ with the condition list.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from exercises.models import Condition, Exercise
from programs.models import ProgramTemplate, TemplateItem


@require_GET
@clinic_staff_required
def condition_detail(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    exercises = (
        Exercise.objects.visible_to(request.user)
        .active()
        .filter(conditions=condition)
        .prefetch_related("equipment")
    )
    templates = (
        ProgramTemplate.objects.visible_to(request.user)
        .filter(condition=condition, is_archived=False)
        .prefetch_related(Prefetch("items", TemplateItem.objects.select_related("exercise")))
    )
    context = {"condition": condition, "exercises": exercises, "templates": templates}
    return render(request, "exercises/condition_detail.html", context)
