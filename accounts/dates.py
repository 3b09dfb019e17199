"""Patient-local dates: "today" is never UTC's today."""

import datetime
import zoneinfo

from django.utils import timezone


def user_timezone(user) -> zoneinfo.ZoneInfo:
    profile = getattr(user, "patient_profile", None) if user.role == "patient" else None
    name = profile.tzname if profile else (user.clinic.timezone if user.clinic else "UTC")
    return zoneinfo.ZoneInfo(name)


def local_today(user, now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), user_timezone(user)).date()


# One date style for every page and reason a clinician reads: "1 Dec 2026", and with the
# weekday where it helps to place a day in a week, "Mon 1 Dec 2026". The template filters
# of the same names are in accounts/templatetags/dates.py; the Django formats below match.
SHORT_DATE_FORMAT = "j M Y"
LONG_DATE_FORMAT = "D j M Y"
DATE_TIME_FORMAT = "j M Y, H:i"


def short_date(day: datetime.date) -> str:
    """ "1 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: datetime.date) -> str:
    """ "Mon 1 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"
