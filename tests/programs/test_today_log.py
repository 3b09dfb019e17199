"""POST /log/<program>/<date>/: the daily log form of the today page."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ExerciseCompletion, Flag, SessionLog
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


def url(program, day=TODAY):
    return f"/log/{program.pk}/{day}/"


def form_data(rx, **overrides):
    data = {
        "morning_pain": "3",
        "exercise_pain": "2",
        "difficulty": "about_right",
        "note": "Sore after the walk.",
        f"times-{rx.pk}": ["1", "2"],  # morning and midday of three sessions
    }
    data.update(overrides)
    return data


def post(client, user, program, data, day=TODAY):
    client.force_login(user)
    return client.post(url(program, day), data)


def test_it_saves_the_log_and_comes_back_to_today(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx))
    assert response.status_code == 302 and response.url == "/today/"
    log = SessionLog.objects.get()
    assert (log.date, log.morning_pain, log.exercise_pain, log.difficulty) == (
        TODAY,
        3,
        2,
        "about_right",
    )
    assert log.note == "Sore after the walk."
    done = ExerciseCompletion.objects.get()
    assert (done.times_done, done.sets_done, done.sessions) == (2, 3, 0b011)
    page = client.get(response.url).content.decode()
    assert "Saved your log for Friday 20 November. Thank you." in page
    assert log_support.ticked(page, rx) == [1, 2]


def test_saving_twice_updates_the_same_log(client, bob, logging_program, rx, frozen):
    post(client, bob, logging_program, form_data(rx))
    post(
        client,
        bob,
        logging_program,
        form_data(rx, morning_pain="6", **{f"times-{rx.pk}": ["1", "2", "3"]}),
    )
    log = SessionLog.objects.get()
    assert log.morning_pain == 6
    assert ExerciseCompletion.objects.get().times_done == 3


def test_it_fills_in_a_past_day_within_the_window(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx), day=days_ago(7))
    assert response.url == "/today/?date=2026-11-13"
    assert SessionLog.objects.get().date == days_ago(7)


def test_it_corrects_a_past_day(client, bob, logging_program, rx, frozen):
    log_day(logging_program, days_ago(3), morning=9, prescription=rx, times=1)
    post(client, bob, logging_program, form_data(rx, morning_pain="2"), day=days_ago(3))
    assert SessionLog.objects.get().morning_pain == 2
    assert ExerciseCompletion.objects.get().times_done == 2


def test_it_shows_safety_advice_and_records_a_flag(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx, exercise_pain="6"))
    page = client.get(response.url).content.decode()
    assert "above your limit of 5/10" in page
    assert "please see a doctor" not in page  # a load question, apart from red flags
    assert 'href="/my/account/#clinic-contact">How to contact your clinic</a>' in page
    assert Flag.objects.get().reason == "Pain during exercise 6/10 on Fri 20 Nov 2026; limit 5/10."


def test_it_encourages_low_pain_and_everything_done(client, bob, logging_program, rx, frozen):
    response = post(
        client, bob, logging_program, form_data(rx, **{f"times-{rx.pk}": ["1", "2", "3"]})
    )
    assert "Well done: everything done today" in client.get(response.url).content.decode()


def refused(response, message):
    """The page comes back with the message in the summary at the top and next to the field,
    and nothing was saved."""
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index("There is a problem") : html.index("</div>", html.index("There is a problem"))
    ]
    assert message in summary
    assert not SessionLog.objects.exists()
    assert not ExerciseCompletion.objects.exists()
    return html


@pytest.mark.parametrize("value", ["11", "-1", "seven", "3.5"])
@pytest.mark.parametrize("field", ["morning_pain", "exercise_pain"])
def test_it_refuses_pain_outside_0_to_10(client, bob, logging_program, rx, frozen, field, value):
    response = post(client, bob, logging_program, form_data(rx, **{field: value}))
    html = refused(response, "Choose a number from 0 (no pain) to 10 (worst pain imaginable).")
    assert f'id="log-{logging_program.pk}-{field}_error"' in html
    # What the patient typed elsewhere is kept.
    assert "Sore after the walk." in html


def test_it_refuses_an_unknown_difficulty(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx, difficulty="easy peasy"))
    refused(response, "Choose too easy, about right or too hard.")


def test_it_refuses_more_times_than_prescribed(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx, **{f"times-{rx.pk}": "4"}))
    refused(response, "Tick only the sessions of the day: this exercise is due 3 times a day.")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4", "This exercise has 3 sets: enter 0 to 3, or leave it empty if you did them all."),
        ("-1", "Sets can&#x27;t be fewer than 0."),
        ("lots", "Enter a whole number from 0 to 3."),
    ],
)
def test_it_refuses_impossible_sets(client, bob, logging_program, rx, frozen, value, message):
    response = post(client, bob, logging_program, form_data(rx, **{f"sets-{rx.pk}": value}))
    refused(response, message)


def test_the_summary_links_to_the_field_that_is_wrong(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx, **{f"sets-{rx.pk}": "4"}))

    html = refused(response, "This exercise has 3 sets")
    field_id = f"log-{logging_program.pk}-sets-{rx.pk}"
    assert f'href="#{field_id}">Calf stretch: This exercise has 3 sets' in html
    assert f'id="{field_id}_error">This exercise has 3 sets' in html  # next to the field
    assert '<details class="fewer-sets" open>' in html  # the box is shown, what was typed kept
    assert 'value="4"' in html


def test_it_refuses_a_note_that_is_too_long(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx, note="x" * 2001))
    refused(response, "Ensure this value has at most 2000 characters")


def test_it_refuses_an_exercise_not_due_that_day(client, bob, logging_program, rx, frozen):
    weekend = factories.PrescriptionFactory(program=logging_program, weekdays=0b1100000)
    data = form_data(rx, **{f"times-{weekend.pk}": "1"})
    refused(post(client, bob, logging_program, data), "is not due on this day in this program")


def test_it_refuses_an_exercise_of_another_program(client, bob, logging_program, rx, frozen):
    other = factories.PrescriptionFactory()
    data = form_data(rx, **{f"sets-{other.pk}": "1"})
    refused(post(client, bob, logging_program, data), "is not due on this day in this program")


def test_it_refuses_a_future_day(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx), day=days_ago(-1))
    refused(response, "That day hasn&#x27;t happened yet")


def test_it_refuses_a_day_before_the_window(client, bob, logging_program, rx, frozen):
    response = post(client, bob, logging_program, form_data(rx), day=days_ago(8))
    refused(response, "Days before Friday 13 November can no longer be filled in.")


def test_it_refuses_a_program_that_was_not_running(client, bob, logging_program, rx, frozen):
    factories.change_status(logging_program, "completed", today=days_ago(1))
    refused(
        post(client, bob, logging_program, form_data(rx)),
        "You have completed your program “Heel pain program”, so there are no exercises",
    )


def test_it_audits_saves_without_health_data(client, bob, logging_program, rx, frozen):
    post(client, bob, logging_program, form_data(rx))
    post(client, bob, logging_program, form_data(rx, morning_pain="12"))
    events = AuditEvent.objects.filter(category="logs").order_by("id")
    assert [(e.action, e.outcome, e.object_type) for e in events] == [
        (AuditAction.LOG_SAVED, "ok", "SessionLog"),
        (AuditAction.LOG_REFUSED, "failed", "Program"),
    ]
    for event in events:
        values = " ".join(str(v) for v in vars(event).values())
        assert "Sore after the walk" not in values


def test_it_is_404_for_another_patients_program(client, bob, dana, carlos, frozen):
    danas = factories.ProgramFactory(patient=dana, prescriber=carlos, start_date=days_ago(30))
    danas_rx = factories.PrescriptionFactory(program=danas)
    assert post(client, bob, danas, form_data(danas_rx)).status_code == 404
    assert not SessionLog.objects.exists()


def test_it_is_404_for_another_clinics_program(client, bob, otto, olga, frozen):
    ottos = factories.ProgramFactory(patient=otto, prescriber=olga, start_date=days_ago(30))
    assert post(client, bob, ottos, {}).status_code == 404


def test_it_is_404_for_a_draft(client, bob, logging_program, rx, frozen):
    logging_program.status = "draft"
    logging_program.save()
    assert post(client, bob, logging_program, form_data(rx)).status_code == 404


def test_it_is_404_for_a_date_that_is_not_a_date(client, bob, logging_program, rx, frozen):
    client.force_login(bob)
    assert client.post(f"/log/{logging_program.pk}/2026-02-30/", form_data(rx)).status_code == 404


@pytest.mark.parametrize("person", ["alice", "nora"])
def test_it_is_for_patients_only(client, request, logging_program, rx, frozen, person):
    response = post(client, request.getfixturevalue(person), logging_program, form_data(rx))
    assert response.status_code == 403
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize("history_days", [2, 60])
def test_its_query_count_does_not_grow_with_history(
    client, bob, logging_program, rx, frozen, django_assert_num_queries, history_days
):
    for n in range(1, history_days + 1):
        log_day(logging_program, days_ago(n), times=1, prescription=rx, morning=n % 10)
    client.force_login(bob)
    # session, user with profile and clinic; the request's savepoint (one transaction with
    # its audit row); the form's plan (programs, prescriptions, logs); the service's own
    # check (program, prescriptions); savepoint, log, completions, the mornings of the
    # trend's weeks, one delete of the day's cleared flags, release; audit and its seal;
    # release. (A raised flag adds its one upsert.)
    with django_assert_num_queries(17):
        assert client.post(url(logging_program), form_data(rx)).status_code == 302


@pytest.mark.parametrize(
    "broken",
    [
        # The database refuses the audit row (the chain's trigger or a full disk, say).
        (
            "accounts.audit.INSERT_SQL",
            f"INSERT INTO no_such_table VALUES ({', '.join(['%s'] * 10)})",  # noqa: S608
        ),
        # The view fails in Python after the log is written.
        ("programs.views.patient.today.messages.success", None),
    ],
)
def test_a_save_whose_audit_row_fails_saves_nothing(
    client, bob, logging_program, rx, frozen, monkeypatch, broken
):
    target, value = broken
    client.force_login(bob)
    monkeypatch.setattr(target, value)
    client.raise_request_exception = False
    response = client.post(url(logging_program), form_data(rx))
    assert response.status_code == 500
    assert not SessionLog.objects.exists()
    assert not ExerciseCompletion.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LOG_SAVED).exists()
