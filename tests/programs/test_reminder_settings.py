"""The patient's reminder settings page and the e-mail's one-click unsubscribe."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from programs.engagement.reminders import unsubscribe_token
from programs.models import ReminderSettings
from tests import factories

URL = reverse("reminder_settings")


@pytest.fixture
def twice_daily(bob):
    program = factories.ProgramFactory(patient=bob)
    factories.PrescriptionFactory(program=program, times_per_day=2, weekdays=0b0011111)
    return program


def test_it_suggests_the_programs_sessions_in_the_patients_time(as_bob, twice_daily):
    page = as_bob.get(URL)
    form = page.context["form"]
    assert form["time_1"].value() == datetime.time(8, 0)
    assert form["time_2"].value() == datetime.time(18, 0)
    assert form["weekdays"].value() == [0, 1, 2, 3, 4]
    assert form["enabled"].value() is False
    assert [field.label for field in form.time_fields] == ["Morning time", "Evening time"]


def test_it_saves_the_chosen_days_and_times(as_bob, bob, twice_daily):
    data = {"enabled": "on", "weekdays": ["0", "2"], "time_1": "07:30", "time_2": "20:15"}
    response = as_bob.post(URL, data)
    assert response.status_code == 302
    saved = ReminderSettings.objects.get(patient=bob)
    assert saved.enabled and saved.weekdays == 0b101
    assert saved.times == [datetime.time(7, 30), datetime.time(20, 15)]
    assert AuditEvent.objects.filter(action="reminder_settings.saved").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"enabled": "on", "weekdays": ["0"], "time_1": "25:00", "time_2": "18:00"},
            "time_1",
            "hours and minutes",
        ),
        (
            {"enabled": "on", "weekdays": ["0"], "time_1": "", "time_2": "18:00"},
            "time_1",
            "choose a time",
        ),
        ({"enabled": "on", "time_1": "08:00", "time_2": "18:00"}, "weekdays", "at least one day"),
        (
            {"enabled": "on", "weekdays": ["9"], "time_1": "08:00", "time_2": "18:00"},
            "weekdays",
            "from the list",
        ),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_bob, twice_daily, data, field, message):
    response = as_bob.post(URL, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ReminderSettings.objects.exists()
    assert AuditEvent.objects.filter(action="reminder_settings.refused").count() == 1


def test_the_clinician_sees_whether_reminders_are_on(as_alice, bob):
    detail = reverse("patient_detail", kwargs={"patient_id": bob.pk})
    assert "E-mail reminders: <strong>off</strong>" in as_alice.get(detail).content.decode()
    ReminderSettings.objects.create(patient=bob, enabled=True, times=[datetime.time(7, 45)])
    page = as_alice.get(detail).content.decode()
    assert "E-mail reminders: <strong>on</strong>, at 07:45 (every day)" in page


def unsubscribe_url(patient):
    return reverse("reminders_unsubscribe", kwargs={"token": unsubscribe_token(patient)})


def test_unsubscribe_works_signed_out_in_one_click_and_is_audited(client, bob):
    ReminderSettings.objects.create(patient=bob, enabled=True, times=[datetime.time(8)])
    # A link checker's GET changes nothing; the button (or the mail app's POST) does.
    page = client.get(unsubscribe_url(bob))
    assert b"Stop reminder e-mails" in page.content
    assert ReminderSettings.objects.get().enabled
    response = client.post(unsubscribe_url(bob), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not ReminderSettings.objects.get().enabled
    event = AuditEvent.objects.get(action="reminders.unsubscribed")
    assert (event.patient_id, event.user_id) == (bob.pk, bob.pk)


@pytest.mark.parametrize("token", ["nonsense", "4a1e9dde-4c88-4a54-a167-fc7af769a0b9:forged"])
def test_unsubscribe_refuses_a_forged_token(client, bob, token):
    ReminderSettings.objects.create(patient=bob, enabled=True, times=[datetime.time(8)])
    url = reverse("reminders_unsubscribe", kwargs={"token": token})
    assert client.post(url).status_code == 404
    assert ReminderSettings.objects.get().enabled
