"""The SQL adherence against the definitions in DESIGN.md, case by case."""

import datetime
import zoneinfo

import pytest

from programs.models import ExerciseCompletion
from programs.review import adherence
from tests import factories

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def noon(day):
    return datetime.datetime.combine(day, datetime.time(12), LONDON)


def by_day(program, start, end, now):
    rows = adherence.adherence_by_day(
        patient_ids=[program.patient_id], start=start, end=end, now=now
    )
    return {row.day: (row.due, row.done) for row in rows}


def log(program, day, rx, times):
    entry = factories.SessionLogFactory(program=program, date=day)
    ExerciseCompletion.objects.create(log=entry, prescription=rx, times_done=times)


def test_it_counts_due_times_per_day_and_caps_completions():
    program = factories.ProgramFactory(start_date=MONDAY)
    rx = factories.PrescriptionFactory(program=program, times_per_day=2, valid_from=MONDAY)
    log(program, MONDAY, rx, 2)
    log(program, MONDAY + datetime.timedelta(days=1), rx, 1)
    days = by_day(
        program,
        MONDAY,
        MONDAY + datetime.timedelta(days=2),
        noon(MONDAY + datetime.timedelta(days=2)),
    )
    assert days == {
        MONDAY: (2, 2),
        MONDAY + datetime.timedelta(days=1): (2, 1),
        MONDAY + datetime.timedelta(days=2): (2, 0),
    }


def test_it_never_counts_the_future_before_the_start_or_after_the_end():
    program = factories.ProgramFactory(
        start_date=MONDAY + datetime.timedelta(days=1), end_date=MONDAY + datetime.timedelta(days=3)
    )
    factories.PrescriptionFactory(program=program, valid_from=program.start_date)
    days = by_day(
        program,
        MONDAY,
        MONDAY + datetime.timedelta(days=6),
        noon(MONDAY + datetime.timedelta(days=2)),
    )
    assert sorted(days) == [
        MONDAY + datetime.timedelta(days=1),
        MONDAY + datetime.timedelta(days=2),
    ]


def test_it_respects_weekdays_pauses_and_drafts():
    paused_from = MONDAY + datetime.timedelta(days=7)
    program = factories.ProgramFactory(
        start_date=MONDAY,
        history=[
            ("active", MONDAY, paused_from - datetime.timedelta(days=1)),
            ("paused", paused_from, None),
        ],
    )
    factories.PrescriptionFactory(
        program=program, valid_from=MONDAY, weekdays=0b0000101
    )  # Mon, Wed
    days = by_day(
        program,
        MONDAY,
        MONDAY + datetime.timedelta(days=13),
        noon(MONDAY + datetime.timedelta(days=13)),
    )
    assert sorted(days) == [MONDAY, MONDAY + datetime.timedelta(days=2)]

    draft = factories.ProgramFactory(start_date=MONDAY, status="draft")
    factories.PrescriptionFactory(program=draft, valid_from=MONDAY)
    assert by_day(draft, MONDAY, MONDAY, noon(MONDAY)) == {}


def test_it_uses_the_dose_that_applied_each_day():
    program = factories.ProgramFactory(start_date=MONDAY)
    old = factories.PrescriptionFactory(
        program=program, valid_from=MONDAY, valid_until=MONDAY, times_per_day=1
    )
    factories.PrescriptionFactory(
        program=program,
        exercise=old.exercise,
        series=old.series,
        valid_from=MONDAY + datetime.timedelta(days=1),
        times_per_day=3,
    )
    days = by_day(
        program,
        MONDAY,
        MONDAY + datetime.timedelta(days=1),
        noon(MONDAY + datetime.timedelta(days=1)),
    )
    assert days == {MONDAY: (1, 0), MONDAY + datetime.timedelta(days=1): (3, 0)}


def test_it_names_each_series_after_its_version_due_last_in_the_range():
    program = factories.ProgramFactory(start_date=MONDAY)
    first = factories.PrescriptionFactory(
        program=program, name="Calf raise", valid_from=MONDAY, valid_until=MONDAY
    )
    # Two later versions of the same item, renamed: one for Tuesday only, one from Wednesday.
    for offset, name, last in [(1, "Calf raise on a step", 1), (2, "Single-leg calf raise", None)]:
        factories.PrescriptionFactory(
            program=program,
            exercise=first.exercise,
            series=first.series,
            name=name,
            valid_from=MONDAY + datetime.timedelta(days=offset),
            valid_until=None if last is None else MONDAY + datetime.timedelta(days=last),
        )

    def names(days):
        items = adherence.adherence_by_series(
            patient_id=program.patient_id,
            start=MONDAY,
            end=MONDAY + datetime.timedelta(days=days - 1),
            now=noon(MONDAY + datetime.timedelta(days=6)),
        )
        return [(item.label, item.due) for item in items]

    assert names(7) == [("Single-leg calf raise", 7)]
    assert names(2) == [("Calf raise on a step", 2)]


def test_today_is_the_patients_local_date():
    program = factories.ProgramFactory(start_date=MONDAY)
    program.patient.clinic.timezone = "Pacific/Auckland"
    program.patient.clinic.save()
    factories.PrescriptionFactory(program=program, valid_from=MONDAY)
    # 11:00 UTC on Monday is already Tuesday in Auckland.
    now = datetime.datetime(2026, 11, 2, 11, tzinfo=datetime.UTC)
    days = by_day(program, MONDAY, MONDAY + datetime.timedelta(days=5), now)
    assert sorted(days) == [MONDAY, MONDAY + datetime.timedelta(days=1)]


def test_ratio_treats_nothing_due_as_unknown():
    assert adherence.ratio(0, 0) is None
    assert adherence.ratio(3, 4) == 0.75
