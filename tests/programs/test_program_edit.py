"""/programs/<uuid>/edit/: editing keeps history and refuses stale saves."""

import datetime

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import Prescription
from tests import factories
from tests.programs.builder_data import edit_data, rows_of

pytestmark = pytest.mark.django_db


def url(program):
    return f"/programs/{program.pk}/edit/"


def test_it_shows_the_current_items(as_alice, program):
    page = as_alice.get(url(program)).content.decode()

    assert "1. Heel raise" in page
    assert "2. Calf stretch against a wall" in page
    assert 'name="version" value="1"' in page
    assert f'href="/programs/{program.pk}/">Cancel' in page


def test_it_saves_a_dose_change_as_a_new_version(as_alice, program, today):
    rows = rows_of(program)
    rows[0]["reps"] = 12
    response = as_alice.post(url(program), edit_data(program, rows=rows, pain_limit=4))

    assert response.status_code == 302
    assert response.url == f"/programs/{program.pk}/"
    assert list(
        Prescription.objects.filter(name="Heel raise").values_list("reps", "valid_until")
    ) == [(10, today - datetime.timedelta(days=1)), (12, None)]
    assert program.changes.get().summary == (
        "Heel raise: 3 sets of 10 → 3 sets of 12; pain limit 5 → 4"
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.PROGRAM_UPDATED, patient=program.patient
    ).exists()


def test_it_refuses_a_stale_save_and_keeps_the_typed_values(as_alice, program, carlos):
    data = edit_data(program, pain_limit=3, title="Typed here")
    program.version = 2
    program.save()
    factories.ProgramChangeFactory(program=program, changed_by=carlos)

    response = as_alice.post(url(program), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "This program was changed by Carlos Reyes at" in page
    assert "reload to see their changes" in page
    assert 'value="Typed here"' in page
    program.refresh_from_db()
    assert (program.title, program.pain_limit) == ("Heel pain", 5)


def test_it_rejects_an_end_before_the_start(as_alice, program):
    response = as_alice.post(url(program), edit_data(program, end_date="2000-01-01"))

    assert "The end date cannot be before the start date." in response.content.decode()
    assert program.changes.count() == 0


def test_removing_every_item_is_refused(as_alice, program):
    response = as_alice.post(url(program), edit_data(program, rows=[]))

    assert "Add at least one exercise before saving." in response.content.decode()
    assert program.prescriptions.filter(valid_until__isnull=True).count() == 2


def test_it_rejects_delete(as_alice, program):
    assert as_alice.delete(url(program)).status_code == 405


def test_cancel_returns_to_a_same_site_next_only(as_alice, program):
    back = as_alice.get(url(program), {"next": f"/patients/{program.patient_id}/report/"})
    away = as_alice.get(url(program), {"next": "https://evil.example/"})

    assert f'href="/patients/{program.patient_id}/report/">Cancel' in back.content.decode()
    assert f'href="/programs/{program.pk}/">Cancel' in away.content.decode()


def test_a_stale_save_is_told_in_the_summary_at_the_top(as_alice, program, carlos):
    data = edit_data(program)
    program.version = 2
    program.save()
    factories.ProgramChangeFactory(program=program, changed_by=carlos)

    page = as_alice.post(url(program), data).content.decode()

    summary = page[page.index("There is a problem") : page.index('name="title"')]
    assert "This program was changed by Carlos Reyes at" in summary


def test_a_refused_save_links_to_the_items_field(as_alice, program):
    rows = rows_of(program)
    rows[1]["times_per_day"] = 9
    page = as_alice.post(url(program), edit_data(program, rows=rows)).content.decode()

    assert 'href="#id_items-1-times_per_day">2. Calf stretch against a wall — Times a day: ' in page
