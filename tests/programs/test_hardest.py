"""Which exercise hurt most: one tap under a painful day's log, through the real URLs."""

import uuid

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import SessionLog
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
logging_program = log_support.logging_program
THURSDAY, WEDNESDAY = 1 << 3, 1 << 2  # TODAY is a Friday


@pytest.fixture
def heel_raise_rx(logging_program):
    return factories.PrescriptionFactory(program=logging_program, name="Heel raise", order=0)


@pytest.fixture
def stretch(logging_program):
    return factories.PrescriptionFactory(
        program=logging_program, name="Calf stretch", order=1, reps=None, hold_seconds=30
    )


def save_log(client, program, **scores):
    data = {"morning_pain": "", "exercise_pain": "", "difficulty": "", "note": ""} | scores
    response = client.post(f"/log/{program.pk}/{TODAY}/", data)
    assert response.status_code == 302


def tap(client, program, prescription_id, day=TODAY):
    return client.post(f"/log/{program.pk}/{day}/hardest/", {"prescription": prescription_id})


def test_after_pain_above_the_limit_the_patient_taps_the_one_that_hurt_most(
    as_bob, bob, logging_program, heel_raise_rx, stretch, frozen
):
    save_log(as_bob, logging_program, exercise_pain="8")

    page = as_bob.get("/today/").content.decode()
    assert "Which exercise hurt most?" in page
    assert f'name="prescription" value="{heel_raise_rx.pk}"' in page
    assert f'name="prescription" value="{stretch.pk}"' in page

    response = tap(as_bob, logging_program, heel_raise_rx.pk)

    assert response.status_code == 302 and response.url == "/today/"
    log = SessionLog.objects.get()
    assert log.hardest == heel_raise_rx
    event = AuditEvent.objects.filter(action=AuditAction.LOG_SAVED).latest("id")
    assert (event.user, event.object_id) == (bob, str(log.pk))
    page = as_bob.get("/today/").content.decode()
    assert "Thank you. Your clinician will see that “Heel raise” hurt most." in page
    assert 'aria-pressed="true">✓ Heel raise</button>' in page


def test_it_is_not_asked_when_the_pain_stayed_within_the_limit(
    as_bob, logging_program, heel_raise_rx, frozen
):
    save_log(as_bob, logging_program, exercise_pain="5", morning_pain="2")
    assert "Which exercise hurt most?" not in as_bob.get("/today/").content.decode()


def test_after_a_flare_it_offers_that_session_and_the_day_before(
    as_bob, logging_program, heel_raise_rx, frozen
):
    yesterday_only = factories.PrescriptionFactory(
        program=logging_program, name="Towel curls", weekdays=THURSDAY, order=2
    )
    factories.PrescriptionFactory(
        program=logging_program, name="Balance", weekdays=WEDNESDAY, order=3
    )
    for n in range(1, 4):
        log_day(logging_program, days_ago(n), morning=2)
    save_log(as_bob, logging_program, morning_pain="6", exercise_pain="2")

    page = as_bob.get("/today/").content.decode()

    assert "Your pain went up after the last session." in page
    assert "Heel raise" in page and f'value="{yesterday_only.pk}"' in page
    assert ">Balance</button>" not in page
    assert tap(as_bob, logging_program, yesterday_only.pk).status_code == 302
    assert SessionLog.objects.get(date=TODAY).hardest == yesterday_only


@pytest.mark.parametrize(
    "forged",
    [
        lambda program: factories.PrescriptionFactory().pk,  # another patient's
        lambda program: (
            factories.PrescriptionFactory(program=program, name="Not due", weekdays=WEDNESDAY).pk
        ),
        lambda program: uuid.uuid4(),
        lambda program: "nope",
    ],
)
def test_a_forged_exercise_is_refused_and_nothing_saved(
    as_bob, bob, logging_program, heel_raise_rx, frozen, forged
):
    save_log(as_bob, logging_program, exercise_pain="8")

    response = tap(as_bob, logging_program, forged(logging_program))

    assert response.status_code == 302
    assert SessionLog.objects.get().hardest is None
    page = as_bob.get(response.url).content.decode()
    assert "That exercise is not part of this day&#x27;s program, so nothing was saved." in page
    event = AuditEvent.objects.get(action=AuditAction.LOG_REFUSED)
    assert (event.user, event.outcome) == (bob, AuditEvent.Outcome.FAILED)


def test_there_is_nothing_to_name_before_the_log_is_saved(
    as_bob, logging_program, heel_raise_rx, frozen
):
    tap(as_bob, logging_program, heel_raise_rx.pk)
    assert not SessionLog.objects.exists()


def test_a_day_past_the_late_logging_window_is_refused(
    as_bob, logging_program, heel_raise_rx, frozen
):
    old = log_day(logging_program, days_ago(30), exercise=8)
    response = tap(as_bob, logging_program, heel_raise_rx.pk, day=old.date)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.hardest is None


def test_it_is_for_the_patient_of_the_program_only(
    client, alice, dana, logging_program, heel_raise_rx, frozen
):
    client.force_login(dana)
    assert tap(client, logging_program, heel_raise_rx.pk).status_code == 404
    client.force_login(alice)
    assert tap(client, logging_program, heel_raise_rx.pk).status_code == 403
    assert client.get(f"/log/{logging_program.pk}/{TODAY}/hardest/").status_code == 405
