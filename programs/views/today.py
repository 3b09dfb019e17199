from django.shortcuts import render

from accounts.access import patient_required


@patient_required
def today(request):
    """Patient home. Placeholder until the daily-log issue fills it."""
    return render(request, "programs/today.html")
