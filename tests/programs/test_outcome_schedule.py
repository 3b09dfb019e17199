"""When the questionnaires fall due, from a program's dates, with the clock frozen: at the
start, every 2 or 4 weeks, at the end; one open at a time; none while paused."""

import datetime

import pytest

from programs.models import Occasion, ProgramStatus
from programs.outcomes.due import due_sets
from programs.outcomes.schedule import due_dates, instruments_for, open_due_date
from tests import factories
from tests.programs.log_support import NOON, TODAY, days_ago, frozen_at

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def program_for(bob, alice, **fields):
    return factories.ProgramFactory(patient=bob, prescriber=alice, **fields)


def occasions(program, until):
    return [(d.occasion, d.due_on) for d in due_dates(program, until=until)]


def test_a_four_week_program_asks_at_the_start_every_four_weeks_and_at_the_end(bob, alice):
    start = datetime.date(2026, 9, 1)
    program = program_for(bob, alice, start_date=start, end_date=datetime.date(2026, 11, 30))
    assert occasions(program, until=datetime.date(2027, 1, 1)) == [
        (Occasion.BASELINE, start),
        (Occasion.FOLLOW_UP, datetime.date(2026, 9, 29)),
        (Occasion.FOLLOW_UP, datetime.date(2026, 10, 27)),
        # 24 November is within a week of the end: the end's own questionnaire is close.
        (Occasion.COMPLETION, datetime.date(2026, 11, 30)),
    ]


def test_the_clinician_can_ask_every_two_weeks(bob, alice):
    start = datetime.date(2026, 10, 1)
    program = program_for(bob, alice, start_date=start, outcome_interval_weeks=2)
    assert [d for _, d in occasions(program, until=datetime.date(2026, 11, 20))] == [
        start,
        datetime.date(2026, 10, 15),
        datetime.date(2026, 10, 29),
        datetime.date(2026, 11, 12),
    ]


def test_nothing_is_due_before_the_start(bob, alice):
    program = program_for(bob, alice, start_date=TODAY + DAY)
    assert due_dates(program, until=TODAY) == []
    assert open_due_date(program, today=TODAY) is None


def test_a_due_date_stays_open_until_the_next_one(bob, alice):
    program = program_for(bob, alice, start_date=days_ago(30))  # follow-up two days ago
    assert open_due_date(program, today=days_ago(29)).occasion == Occasion.BASELINE
    assert open_due_date(program, today=days_ago(3)).due_on == days_ago(30)
    follow_up = open_due_date(program, today=TODAY)
    assert (follow_up.occasion, follow_up.due_on) == (Occasion.FOLLOW_UP, days_ago(2))
    assert follow_up.closes_after is None  # no end date: open until the next one


def test_the_end_questionnaire_stays_open_four_weeks_and_asks_a_completed_program(bob, alice):
    program = program_for(
        bob, alice, start_date=days_ago(60), end_date=days_ago(10), status=ProgramStatus.COMPLETED
    )
    due = open_due_date(program, today=TODAY)
    assert (due.occasion, due.due_on) == (Occasion.COMPLETION, days_ago(10))
    assert open_due_date(program, today=days_ago(10) + 28 * DAY) is not None
    assert open_due_date(program, today=days_ago(10) + 29 * DAY) is None


def test_a_completed_program_asks_nothing_but_its_end_questionnaire(bob, alice):
    program = program_for(
        bob,
        alice,
        start_date=days_ago(60),
        end_date=TODAY + 30 * DAY,
        status=ProgramStatus.COMPLETED,
    )
    assert open_due_date(program, today=TODAY) is None


def test_a_paused_or_draft_program_asks_nothing(bob, alice):
    for status in (ProgramStatus.PAUSED, ProgramStatus.DRAFT):
        program = program_for(bob, alice, start_date=days_ago(3), status=status)
        assert open_due_date(program, today=TODAY) is None


def test_the_program_condition_picks_the_questionnaires_else_the_profile(bob, alice):
    heel = factories.ConditionFactory(body_region="foot_ankle")
    shoulder = factories.ConditionFactory(body_region="shoulder")
    program = program_for(bob, alice, condition=heel)
    assert [i.code for i in instruments_for(program)] == ["PSFS", "LEFS", "FAAM_ADL"]
    bob.patient_profile.condition = shoulder
    program.condition = None
    assert [i.code for i in instruments_for(program, bob.patient_profile)] == ["PSFS", "SPADI"]
    assert [i.code for i in instruments_for(program)] == ["PSFS"]


def test_today_counts_in_the_patients_time_zone(bob, alice, client):
    """Frozen at 23:30 in London on the day before the start: nothing is due yet; thirty
    minutes later it is the start date and the baseline is due."""
    heel = factories.ConditionFactory(body_region="foot_ankle")
    program = program_for(bob, alice, start_date=TODAY, condition=heel)
    client.force_login(bob)
    with frozen_at(NOON - datetime.timedelta(hours=12, minutes=30)):
        assert "A short questionnaire is due" not in client.get("/today/").content.decode()
    with frozen_at(NOON - datetime.timedelta(hours=12)):
        page = client.get("/today/").content.decode()
    assert "A short questionnaire is due" in page
    assert f"/my/questionnaires/{program.pk}/{TODAY.isoformat()}/" in page


def test_the_due_set_knows_what_was_answered(bob, alice):
    heel = factories.ConditionFactory(body_region="foot_ankle")
    program = program_for(bob, alice, start_date=days_ago(3), condition=heel)
    factories.completed_outcome(
        program=program,
        instrument="PSFS",
        due_on=days_ago(3),
        answers={"activity_1": (4, "Walking the dog")},
        occasion=Occasion.BASELINE,
    )
    (due_set,) = due_sets(patient=bob, today=TODAY, programs=[program])
    assert due_set.completed == {"PSFS"}
    assert [i.code for i in due_set.remaining] == ["LEFS", "FAAM_ADL"]
    assert due_set.is_started and not due_set.is_finished
