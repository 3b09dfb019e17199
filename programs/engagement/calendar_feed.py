"""The patient's private calendar feed (ICS): their exercise sessions as weekly events.

One event per running program and session of the day, at the patient's reminder time for
that session (or its default), on the weekdays something is due in that session, until the
program's end. The events say "Home exercises" and link to Today: no condition, no exercise
names, since a phone's calendar is read on a lock screen. The URL's token is the only key;
turning the link off deletes it (a new link is a new token), so an old URL is a 404.
"""

import datetime

import icalendar
from django.conf import settings
from django.urls import reverse

from accounts.dates import local_today, user_timezone
from programs.engagement.reminders import choice_for
from programs.logs.daily_log import DayStatus, programs_on, status_on
from programs.logs.forms import session_choices
from programs.models import CalendarFeed, Prescription

SESSION_MINUTES = 20
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def create_feed(*, patient) -> CalendarFeed:
    """A new private link; an earlier one stops working."""
    CalendarFeed.objects.filter(patient=patient).delete()
    return CalendarFeed.objects.create(patient=patient)


def revoke_feed(*, patient) -> None:
    CalendarFeed.objects.filter(patient=patient).delete()


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("calendar_feed", kwargs={"token": feed.token})


def _weekdays_by_session(prescriptions) -> dict[int, int]:
    """Session number → weekday mask of the items due in that session."""
    masks: dict[int, int] = {}
    for rx in prescriptions:
        for session in range(1, rx.times_per_day + 1):
            masks[session] = masks.get(session, 0) | rx.weekdays
    return masks


def feed_calendar(*, patient, today: datetime.date | None = None) -> icalendar.Calendar:
    today = today or local_today(patient)
    zone = user_timezone(patient)
    times = choice_for(patient=patient, today=today).times
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Stride//Home exercises//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Home exercises")
    today_url = settings.SITE_URL + reverse("patient_home")
    programs = [
        p
        for p in programs_on(patient=patient, day=today)
        if status_on(p, today) == DayStatus.RUNNING
    ]
    items = Prescription.objects.filter(program__in=programs).in_effect_on(today)
    by_program: dict = {}
    for rx in items:
        by_program.setdefault(rx.program_id, []).append(rx)
    for program in programs:
        masks = _weekdays_by_session(by_program.get(program.pk, []))
        names = dict(session_choices(max(masks, default=1)))
        for session, mask in sorted(masks.items()):
            at = times[session - 1] if session <= len(times) else times[-1]
            start = datetime.datetime.combine(today, at, tzinfo=zone)
            event = icalendar.Event()
            event.add("uid", f"{program.pk}-{session}@stride")
            event.add(
                "summary",
                "Home exercises" if len(masks) == 1 else f"Home exercises: {names[session]}",
            )
            event.add("description", f"Open today's exercises in Stride: {today_url}")
            event.add("url", today_url)
            event.add("dtstamp", datetime.datetime.now(datetime.UTC))
            event.add("dtstart", start)
            event.add("duration", datetime.timedelta(minutes=SESSION_MINUTES))
            rule = {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in range(7) if mask >> d & 1]}
            if program.end_date:
                end = datetime.datetime.combine(
                    program.end_date, datetime.time(23, 59), tzinfo=zone
                )
                rule["until"] = end.astimezone(datetime.UTC)
            event.add("rrule", rule)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
