from django.shortcuts import render

from accounts.access import clinic_staff_required


@clinic_staff_required
def caseload(request):
    """Clinician home. Placeholder until the review issue fills it."""
    return render(request, "programs/caseload.html")
