"""How django-axes names the account a failed sign-in was for (see AXES_* settings)."""

from django.conf import settings


def lockout_username(request, credentials) -> str:
    """The e-mail typed, lower-cased: `BOB@x` and `bob@x` share one failure count."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field):
        username = credentials[field]
    else:
        username = request.POST.get(field, "") if request is not None else ""
    return username.strip().lower()
