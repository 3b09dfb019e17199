"""The private calendar feed: it parses, its events are the schedule, a revoked URL is 404."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from programs.engagement import calendar_feed
from programs.models import CalendarFeed, ReminderSettings
from tests import factories


@pytest.fixture
def schedule(bob):
    """Bob's program: a stretch twice a day every day, heel raises once on Mon, Wed, Fri,
    until the end of next month; his reminders at 07:15 and 19:30."""
    program = factories.ProgramFactory(
        patient=bob, end_date=datetime.date.today() + datetime.timedelta(days=40)
    )
    factories.PrescriptionFactory(program=program, times_per_day=2, weekdays=0b1111111)
    factories.PrescriptionFactory(program=program, times_per_day=1, weekdays=0b0010101)
    ReminderSettings.objects.create(
        patient=bob, enabled=True, times=[datetime.time(7, 15), datetime.time(19, 30)]
    )
    return program


def fetch(client, feed):
    return client.get(reverse("calendar_feed", kwargs={"token": feed.token}))


def test_it_parses_and_its_events_match_the_schedule(client, bob, schedule):
    feed = calendar_feed.create_feed(patient=bob)
    response = fetch(client, feed)  # signed out, as a calendar app
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == [
        "Home exercises: Morning",
        "Home exercises: Evening",
    ]
    morning, evening = (e.decoded("dtstart") for e in events)
    assert (morning.time(), evening.time()) == (datetime.time(7, 15), datetime.time(19, 30))
    assert str(morning.tzinfo) == "Europe/London"
    # Morning: both items (every day); evening: only the stretch's second session (every day).
    assert [e["rrule"]["byday"] for e in events] == [
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    ]
    until = events[0]["rrule"]["until"][0]
    assert until.date() in {schedule.end_date, schedule.end_date + datetime.timedelta(days=1)}
    assert calendar.walk("VTIMEZONE"), "the time zone travels with the feed"
    # Nothing about the condition or the exercises: a calendar is read on a lock screen.
    assert schedule.title.encode() not in response.content
    assert AuditEvent.objects.filter(action="calendar_feed.read", patient=bob).count() == 1


def test_it_follows_the_weekdays_of_each_session(client, bob):
    program = factories.ProgramFactory(patient=bob)
    factories.PrescriptionFactory(program=program, times_per_day=1, weekdays=0b0010101)
    feed = calendar_feed.create_feed(patient=bob)
    [event] = icalendar.Calendar.from_ical(fetch(client, feed).content).walk("VEVENT")
    assert event["rrule"]["byday"] == ["MO", "WE", "FR"]
    assert event.decoded("dtstart").time() == datetime.time(8, 0)  # the default time


def test_a_revoked_or_replaced_link_is_a_404(client, bob, schedule):
    first = calendar_feed.create_feed(patient=bob)
    second = calendar_feed.create_feed(patient=bob)
    assert fetch(client, first).status_code == 404
    assert fetch(client, second).status_code == 200
    calendar_feed.revoke_feed(patient=bob)
    assert fetch(client, second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_deactivated_patients_link_is_a_404(client, bob, schedule):
    feed = calendar_feed.create_feed(patient=bob)
    bob.is_active = False
    bob.save()
    assert fetch(client, feed).status_code == 404


def test_the_patient_makes_and_turns_off_the_link_from_the_settings_page(client, bob, schedule):
    client.force_login(bob)
    client.post(reverse("calendar_link"), {"action": "create"})
    feed = CalendarFeed.objects.get(patient=bob)
    page = client.get(reverse("reminder_settings"))
    assert feed.token in page.content.decode()
    client.post(reverse("calendar_link"), {"action": "revoke"})
    assert fetch(client, feed).status_code == 404
