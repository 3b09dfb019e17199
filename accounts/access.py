"""Role checks for views. Object access is a queryset's `visible_to(user)`, not this module."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Role


def role_required(*roles: str):
    """Signed-in users with one of `roles`; others get 403 (anonymous: the login page)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


clinic_staff_required = role_required(Role.CLINICIAN, Role.CLINIC_ADMIN)


def second_factor_users_required(view):
    """Clinic staff and Stride's staff: the people a second factor can guard (403 for others)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_clinic_staff or request.user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


clinic_admin_required = role_required(Role.CLINIC_ADMIN)
patient_required = role_required(Role.PATIENT)
