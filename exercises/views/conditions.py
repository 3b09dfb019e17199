from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from exercises.models import Condition

# A condition's own page lists program templates, so programs renders it
# (programs/views/clinician/conditions.py).


@require_GET
@clinic_staff_required
def condition_list(request):
    return render(request, "exercises/condition_list.html", {"conditions": Condition.objects.all()})
