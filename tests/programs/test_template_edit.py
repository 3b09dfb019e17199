"""/templates/<uuid>/edit/ and /archive/: the clinic's own templates."""

import pytest

from accounts.models import AuditEvent
from programs.models import ProgramTemplate
from tests import factories
from tests.programs.builder_data import rows_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic_template(northside, heel_raise):
    template = factories.ProgramTemplateFactory(name="Northside heel", clinic=northside)
    factories.TemplateItemFactory(template=template, exercise=heel_raise)
    return template


def template_data(rows, **fields):
    header = {"name": "Northside heel", "condition": "", "phase": "", "description": ""}
    return header | fields | rows_data(rows) | {"action": "save"}


def test_it_shows_the_items_in_the_builder(as_alice, clinic_template):
    page = as_alice.get(f"/templates/{clinic_template.pk}/edit/").content.decode()

    assert "1. Heel raise" in page
    assert 'name="q"' in page


def test_it_saves_new_doses_and_items(as_alice, clinic_template, heel_raise, calf_stretch):
    rows = [
        {"exercise": heel_raise.pk, "sets": 4},
        {"exercise": calf_stretch.pk, "reps": "", "hold_seconds": 45},
    ]
    response = as_alice.post(
        f"/templates/{clinic_template.pk}/edit/", template_data(rows, phase="Phase 2")
    )

    assert response.status_code == 302
    clinic_template.refresh_from_db()
    assert clinic_template.phase == "Phase 2"
    assert [(i.exercise, i.sets, i.hold_seconds) for i in clinic_template.items.all()] == [
        (heel_raise, 4, None),
        (calf_stretch, 3, 45),
    ]


def test_it_rejects_an_empty_template_keeping_the_name(as_alice, clinic_template):
    response = as_alice.post(
        f"/templates/{clinic_template.pk}/edit/", template_data([], name="Typed")
    )

    assert "Add at least one exercise before saving." in response.content.decode()
    assert 'value="Typed"' in response.content.decode()
    assert clinic_template.items.count() == 1


def test_it_archives_and_restores(as_alice, clinic_template):
    as_alice.post(f"/templates/{clinic_template.pk}/archive/", {"archived": "1"})
    assert ProgramTemplate.objects.get(pk=clinic_template.pk).is_archived

    as_alice.post(f"/templates/{clinic_template.pk}/archive/", {"archived": "0"})
    assert not ProgramTemplate.objects.get(pk=clinic_template.pk).is_archived


@pytest.mark.parametrize("posted", [{}, {"archived": ""}, {"archived": "yes"}, {"archived": "2"}])
@pytest.mark.parametrize("archived", [False, True])
def test_archive_refuses_anything_but_1_or_0(as_alice, clinic_template, posted, archived):
    clinic_template.is_archived = archived
    clinic_template.save()
    response = as_alice.post(f"/templates/{clinic_template.pk}/archive/", posted)
    assert response.status_code == 400
    assert "archive or restore" in response.content.decode()
    assert ProgramTemplate.objects.get(pk=clinic_template.pk).is_archived == archived
    assert not AuditEvent.objects.filter(object_id=str(clinic_template.pk)).exists()


def test_edit_rejects_put(as_alice, clinic_template):
    assert as_alice.put(f"/templates/{clinic_template.pk}/edit/").status_code == 405


def test_a_refused_save_is_summarised_with_links(as_alice, clinic_template, heel_raise):
    response = as_alice.post(
        f"/templates/{clinic_template.pk}/edit/",
        template_data([{"exercise": heel_raise.pk, "name": "Heel raise", "reps": 101}], name=""),
    )

    page = response.content.decode()
    assert page.index("There is a problem") < page.index('name="name"')
    assert 'href="#id_name">Name: This field is required.' in page
    assert 'href="#id_items-0-reps">1. Heel raise — Reps: Ensure this value' in page


def test_cancel_returns_to_the_templates(as_alice, clinic_template):
    page = as_alice.get(f"/templates/{clinic_template.pk}/edit/").content.decode()

    assert 'href="/templates/">Cancel' in page


def test_an_in_place_add_answers_with_the_rows_only(as_alice, clinic_template, calf_stretch):
    data = template_data([{"exercise": clinic_template.items.get().exercise_id}])
    data |= {"action": "", "add": calf_stretch.pk}
    response = as_alice.post(
        f"/templates/{clinic_template.pk}/edit/", data, headers={"X-Builder-Partial": "1"}
    )

    page = response.content.decode()
    assert "<html" not in page and "2. Calf stretch against a wall" in page
    assert not clinic_template.items.filter(exercise=calf_stretch).exists()
