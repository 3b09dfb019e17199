"""A clinic's uploaded exercise picture, for the patient it was prescribed to."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.access import patient_required
from exercises.picture_files import picture_response
from programs.models import Prescription


@require_GET
@patient_required
def exercise_picture(request, prescription_id):
    """Reached through the prescription, not the exercise: a patient may see an exercise's
    picture only while it is in one of their own programs they can see (never a draft).
    Not audited, like the staff's `exercise_image`: it shows the exercise, not the patient,
    and every Today card loading it would bury the patient's access log."""
    prescription = get_object_or_404(
        Prescription.objects.visible_to(request.user).select_related("exercise"),
        pk=prescription_id,
        exercise__isnull=False,
    )
    return picture_response(prescription.exercise)
