"""How django-axes names the account a failed sign-in was for (see AXES_* settings)."""

from django.conf import settings

from accounts.addresses import MAX_LENGTH, normalise


def lockout_username(request, credentials) -> str:
    """The e-mail typed, normalised as sign-in finds accounts (accounts.addresses), so every
    spelling of one address shares one failure count: `BOB@x`, `ｂｏｂ@x` and `bob@x`.

    Cut to the longest address an account can have: longer ones are no account's, and
    axes' column holds 255 characters."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field):
        username = credentials[field]
    else:
        username = request.POST.get(field, "") if request is not None else ""
    return normalise(username)[:MAX_LENGTH]
