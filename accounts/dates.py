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
