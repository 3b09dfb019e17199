"""Shared pieces of the daily-log tests: a fixed "now" and a running program for Bob."""

import datetime
import re
import zoneinfo
from unittest import mock

import pytest

from programs.models import ExerciseCompletion
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.date(2026, 11, 20)  # a Friday; Northside's clock says noon
NOON = datetime.datetime(2026, 11, 20, 12, tzinfo=LONDON)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def frozen_at(moment: datetime.datetime):
    """Every `timezone.now()` (the patient's today, the adherence cut-off) returns `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def frozen():
    with frozen_at(NOON):
        yield NOON


@pytest.fixture
def logging_program(bob, alice):
    return factories.ProgramFactory(patient=bob, prescriber=alice, start_date=days_ago(90))


@pytest.fixture
def rx(logging_program):
    """A hold exercise due three times a day, every day."""
    return factories.PrescriptionFactory(
        program=logging_program,
        name="Calf stretch",
        times_per_day=3,
        sets=3,
        reps=None,
        hold_seconds=30,
    )


def log_day(program, day, *, times=None, morning=3, exercise=2, prescription=None):
    log = factories.SessionLogFactory(
        program=program, date=day, morning_pain=morning, exercise_pain=exercise
    )
    if prescription is not None:
        ExerciseCompletion.objects.create(
            log=log, prescription=prescription, times_done=times or 0, sets_done=0
        )
    return log


def ticked(html: str, prescription) -> list[int]:
    """The sessions of the day ticked for `prescription` on a rendered log form."""
    boxes = re.findall(rf'<input type="checkbox" name="times-{prescription.pk}"[^>]*>', html)
    assert boxes, "no session ticks on the page"
    return [int(re.search(r'value="(\d)"', box)[1]) for box in boxes if " checked" in box]
