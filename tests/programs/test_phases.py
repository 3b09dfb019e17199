"""Pathway phases (issue 15): a program built from a template shows the phase's criteria on
the report, offers the next phase when the logs meet its move-on rule, and proposes the
template's planned dose steps on their date."""

import datetime

import pytest

from programs.models import FlagKind, Prescription, Program
from programs.review.suggestions import Kind
from tests import factories
from tests.programs.builder_data import program_data

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def phases(heel_raise, calf_stretch):
    late = factories.ProgramTemplateFactory(
        name="Heel pain — strength phase", entry_criteria=["Pain has settled."]
    )
    early = factories.ProgramTemplateFactory(
        name="Heel pain — calming phase",
        entry_criteria=["Heel pain is new and sore."],
        exit_criteria=["First-step pain at 4 or less and falling for a week."],
        move_on_rule={"symptom_at_most": 4, "days": 7},
        next_phase=late,
    )
    factories.TemplateItemFactory(
        template=early,
        exercise=heel_raise,
        sets=3,
        reps=12,
        dose_steps=[{"from_week": 3, "sets": 4, "reps": 10, "load": "backpack"}],
    )
    return early


@pytest.fixture
def phased(alice, bob, heel_raise, phases, today):
    """Bob's program built from the calming phase 15 days ago: week 3 began yesterday."""
    program = factories.ProgramFactory(
        prescriber=alice, patient=bob, template=phases, start_date=today - 15 * DAY
    )
    factories.PrescriptionFactory(program=program, exercise=heel_raise, sets=3, reps=12)
    return program


def logs(program, today, scores):
    """One log a day, the last score today; each day's items all done."""
    items = list(program.prescriptions.all())
    for back, score in enumerate(reversed(scores)):
        log = factories.SessionLogFactory(
            program=program, date=today - back * DAY, morning_pain=score, exercise_pain=1
        )
        for item in items:
            log.completions.create(prescription=item, times_done=1, sets_done=item.sets)


def report(client, bob):
    return client.get(f"/patients/{bob.pk}/report/")


def test_it_shows_the_phase_and_its_criteria(as_alice, bob, phased):
    page = report(as_alice, bob).content.decode()

    assert "Phase: Heel pain — calming phase" in page
    assert "Heel pain is new and sore." in page
    assert "First-step pain at 4 or less and falling for a week." in page
    assert "Ready for the next phase" not in page


def test_it_offers_the_next_phase_when_the_logs_meet_the_rule(as_alice, bob, phased, today):
    logs(phased, today, [6, 6, 5, 5, 5, 5, 5, 4, 3, 3, 3, 3, 2, 2])

    page = report(as_alice, bob).content.decode()

    assert "Ready for the next phase" in page
    assert f"?template={phased.template.next_phase.pk}" in page
    assert "✓ morning pain: 2.9 on average over the last 7 days" in page


def test_it_does_not_offer_it_while_pain_is_high_or_rising(as_alice, bob, phased, today):
    logs(phased, today, [2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4])

    page = report(as_alice, bob).content.decode()

    assert "Ready for the next phase" not in page
    assert "✗ not rising: 2.0 the 7 days before" in page


def test_it_proposes_the_planned_dose_step_from_its_week(as_alice, bob, phased, today):
    page = report(as_alice, bob).content.decode()

    assert "Planned dose: 4 sets of 10, with backpack" in page
    assert "from week 3" in page


def test_it_proposes_nothing_before_the_week(as_alice, bob, phased, today):
    phased.start_date = today - 13 * DAY  # still week 2
    phased.save()

    assert "Planned dose" not in report(as_alice, bob).content.decode()


def test_it_holds_the_planned_step_while_a_pain_flag_is_open(as_alice, bob, phased, today):
    factories.FlagFactory(program=phased, patient=bob, kind=FlagKind.RED_PAIN, raised_on=today)

    assert "Planned dose" not in report(as_alice, bob).content.decode()


def test_applying_the_planned_step_changes_the_dose_once(as_alice, bob, phased, today):
    item = phased.prescriptions.get()
    url = f"/patients/{bob.pk}/suggestions/{item.pk}/{Kind.PLANNED_DOSE}/"
    token = as_alice.get(url).context["form"]["token"].value()

    as_alice.post(url, {"token": token})

    current = Prescription.objects.get(program=phased, valid_until__isnull=True)
    assert (current.sets, current.reps, current.load) == (4, 10, "backpack")
    assert "Planned dose" not in report(as_alice, bob).content.decode()


def test_a_clinicians_own_change_after_the_date_wins(as_alice, bob, phased, today):
    item = phased.prescriptions.get()
    item.valid_from = today  # changed by the clinician today, after week 3 began
    item.save()

    assert "Planned dose" not in report(as_alice, bob).content.decode()


def test_the_builder_shows_the_phase_and_the_program_keeps_it(as_alice, bob, phases, today):
    url = f"/patients/{bob.pk}/programs/new/"
    page = as_alice.get(url, {"template": phases.pk}).content.decode()
    assert "Heel pain — calming phase: when it fits" in page
    assert "First-step pain at 4 or less and falling for a week." in page

    data = program_data(
        rows=[{"exercise": phases.items.get().exercise_id, "sets": 3, "reps": 12}],
        start_date=today.isoformat(),
        template=phases.pk,
    )
    assert as_alice.post(url, data).status_code == 302

    assert Program.objects.get(patient=bob).template == phases


def test_the_builder_ignores_a_foreign_template(as_alice, bob, heel_raise, today, outsider_clinic):
    theirs = factories.ProgramTemplateFactory(clinic=outsider_clinic, entry_criteria=["Theirs."])
    data = program_data(
        rows=[{"exercise": heel_raise.pk, "sets": 3, "reps": 12}],
        start_date=today.isoformat(),
        template=theirs.pk,
    )

    page = as_alice.post(f"/patients/{bob.pk}/programs/new/", data).content.decode()

    assert not Program.objects.exists()
    assert "Theirs." not in page


def test_the_phase_adds_a_fixed_number_of_queries(as_alice, bob, phased, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        report(as_alice, bob)
    logs(phased, today, [5] * 28)
    with CaptureQueriesContext(connection) as many:
        page = report(as_alice, bob).content.decode()

    assert "Phase: Heel pain — calming phase" in page
    assert len(many) == len(few) <= 20
