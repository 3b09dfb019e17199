from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from accounts.models import Role


@require_GET
@login_required
def home(request):
    """Send each role to its own home page."""
    user = request.user
    if user.role == Role.PATIENT:
        return redirect("patient_home")
    if user.role in (Role.CLINICIAN, Role.CLINIC_ADMIN):
        return redirect("clinician_home")
    if user.is_staff:
        return redirect("admin:index")
    return redirect("logout_page")


class SignOutView(LogoutView):
    """Django's sign-out, which also has the browser forget what the site kept on this
    device: a patient's pages kept for offline use, their unsent saves, the service worker
    (docs/offline.md). The browser clears them before it follows the redirect."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
