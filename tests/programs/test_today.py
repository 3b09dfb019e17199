"""The today page: what is due, the log form, the recent-days calendar."""

import datetime
import zoneinfo

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ProgramStatus
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, frozen_at, log_day, ticked

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx

# Fixtures shared by the daily-log tests.


def get(client, user, url="/today/"):
    client.force_login(user)
    return client.get(url)


def test_it_lists_todays_exercises_with_dose_and_instructions(
    client, bob, logging_program, rx, frozen
):
    rx.cues = ["Keep your heel down"]
    rx.note = "Left foot first."
    rx.save()
    response = get(client, bob)
    html = response.content.decode()
    assert "Today, Friday 20 November" in html
    assert "Calf stretch" in html
    assert "3 sets, hold 30 seconds, 3 times a day, every day" in html
    assert "<summary" in html and "How to do it" in html
    assert "<li>Stand tall.</li>" in html and "Keep your heel down" in html
    assert "Left foot first." in html
    assert ticked(html, rx) == []
    assert ">Morning</label>" in html and ">Midday</label>" in html and ">Evening</label>" in html
    assert f'action="/log/{logging_program.pk}/2026-11-20/"' in html


def test_it_leaves_out_exercises_not_due_today(client, bob, logging_program, frozen):
    factories.PrescriptionFactory(program=logging_program, name="Weekend walk", weekdays=0b1100000)
    factories.PrescriptionFactory(
        program=logging_program, name="Old dose", valid_from=days_ago(30), valid_until=days_ago(1)
    )
    factories.PrescriptionFactory(program=logging_program, name="New dose", valid_from=TODAY)
    html = get(client, bob).content.decode()
    assert "Weekend walk" not in html and "Old dose" not in html
    assert "New dose" in html


def test_it_shows_the_saved_log_again(client, bob, logging_program, rx, frozen):
    log_day(logging_program, TODAY, times=1, morning=4, exercise=6, prescription=rx)
    html = get(client, bob).content.decode()
    assert ticked(html, rx) == [1]
    assert (
        f'value="4" class="btn-check" id="log-{logging_program.pk}-morning_pain_4" checked' in html
    )
    assert (
        f'value="6" class="btn-check" id="log-{logging_program.pk}-exercise_pain_6" checked' in html
    )


def test_the_pain_scale_is_labelled_at_both_ends(client, bob, logging_program, rx, frozen):
    html = get(client, bob).content.decode()
    assert "<legend" in html and "Morning pain" in html
    assert html.count('name="morning_pain"') == 11
    assert "no pain</span>" in html and "worst pain imaginable</span>" in html


def test_it_explains_when_there_is_no_program(client, bob, alice, frozen):
    factories.ProgramFactory(patient=bob, prescriber=alice, status=ProgramStatus.DRAFT)
    html = get(client, bob).content.decode()
    assert "You don't have an exercise program yet." in html
    assert '<form method="post" action="/log/' not in html


def test_it_explains_a_paused_program(client, bob, logging_program, rx, frozen):
    factories.change_status(logging_program, ProgramStatus.PAUSED, today=days_ago(1))
    html = get(client, bob).content.decode()
    assert "is paused, so there are no exercises on this day" in html
    assert "Calf stretch" not in html


def test_it_explains_a_completed_program(client, bob, logging_program, rx, frozen):
    factories.change_status(logging_program, ProgramStatus.COMPLETED, today=TODAY)
    html = get(client, bob).content.decode()
    assert "You have completed your program" in html
    assert "Calf stretch" not in html


def test_it_shows_the_calendar_of_recent_days(client, bob, logging_program, rx, frozen):
    log_day(logging_program, days_ago(1), times=3, prescription=rx)
    log_day(logging_program, days_ago(2), times=1, prescription=rx)
    html = get(client, bob).content.decode()
    # Northside's window is 7 days: today and the 7 days before.
    assert html.count('class="day-cell') == 8
    assert 'href="/today/?date=2026-11-19"' in html
    assert "All done" in html and "Partly done" in html and "Missed" in html and "To do" in html
    assert 'href="/today/?date=2026-11-12"' not in html


def test_it_shows_no_more_than_14_days(client, bob, logging_program, rx, frozen):
    bob.clinic.late_logging_days = 30
    bob.clinic.save()
    assert get(client, bob).content.decode().count('class="day-cell') == 14


def test_it_marks_days_with_nothing_due(client, bob, logging_program, frozen):
    factories.PrescriptionFactory(program=logging_program, weekdays=0b0010000)  # Fridays
    html = get(client, bob).content.decode()
    assert html.count("Nothing due") == 6


def test_it_opens_a_past_day_within_the_window(client, bob, logging_program, rx, frozen):
    log_day(logging_program, days_ago(7), morning=8, exercise=1, prescription=rx, times=2)
    html = get(client, bob, "/today/?date=2026-11-13").content.decode()
    assert "Friday 13 November" in html and "filling in an earlier day" in html
    assert f'action="/log/{logging_program.pk}/2026-11-13/"' in html
    assert ticked(html, rx) == [1, 2]
    assert 'aria-current="date"' in html


@pytest.mark.parametrize("date", ["2026-11-12", "2026-11-21", "yesterday", ""])
def test_it_refuses_days_outside_the_window(client, bob, logging_program, rx, frozen, date):
    response = get(client, bob, f"/today/?date={date}")
    assert response.status_code == 302 and response.url == "/today/"
    follow = client.get(response.url)
    assert any(
        word in follow.content.decode()
        for word in ("can no longer be filled in", "hasn&#x27;t happened yet", "understand")
    )


def test_it_audits_the_view_without_health_data(client, bob, logging_program, rx, frozen):
    get(client, bob)
    get(client, bob, "/today/?date=2026-11-18")
    events = AuditEvent.objects.filter(category="logs").order_by("id")
    assert [(e.action, e.category, e.patient) for e in events] == [
        (AuditAction.TODAY_VIEWED, "logs", bob),
        (AuditAction.LOG_FORM_VIEWED, "logs", bob),
    ]


AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        # Summer time (UTC+13): late evening and just after midnight.
        (datetime.datetime(2026, 11, 20, 23, 30), datetime.date(2026, 11, 20)),
        (datetime.datetime(2026, 11, 21, 0, 30), datetime.date(2026, 11, 21)),
        # Clocks go forward on Sunday 27 September 2026 at 02:00 (UTC+12 → UTC+13).
        (datetime.datetime(2026, 9, 26, 23, 30), datetime.date(2026, 9, 26)),
        (datetime.datetime(2026, 9, 27, 0, 30), datetime.date(2026, 9, 27)),
        (datetime.datetime(2026, 9, 27, 23, 30), datetime.date(2026, 9, 27)),
        (datetime.datetime(2026, 9, 28, 0, 30), datetime.date(2026, 9, 28)),
    ],
)
def test_today_is_the_patients_local_date(client, bob, alice, local, expected):
    bob.patient_profile.timezone = "Pacific/Auckland"
    bob.patient_profile.save()
    logging_program = factories.ProgramFactory(
        patient=bob, prescriber=alice, start_date=datetime.date(2026, 9, 1)
    )
    # Due only on the expected day's weekday: shown only when "today" is that date.
    factories.PrescriptionFactory(
        program=logging_program, name="Towel curls", weekdays=1 << expected.weekday()
    )
    with frozen_at(local.replace(tzinfo=AUCKLAND).astimezone(datetime.UTC)):
        html = get(client, bob).content.decode()
    assert f"Today, {expected:%A %-d %B}" in html
    assert f'action="/log/{logging_program.pk}/{expected:%Y-%m-%d}/"' in html
    assert "Towel curls" in html


def test_today_falls_back_to_the_clinic_timezone(client, bob, alice):
    bob.clinic.timezone = "Pacific/Auckland"
    bob.clinic.save()
    factories.ProgramFactory(patient=bob, prescriber=alice, start_date=datetime.date(2026, 9, 1))
    moment = datetime.datetime(2026, 11, 21, 0, 30, tzinfo=AUCKLAND)
    with frozen_at(moment.astimezone(datetime.UTC)):
        assert "Today, Saturday 21 November" in get(client, bob).content.decode()
