"""A dose's load ("5 kg backpack", "red band"): typed in the builder and the template editor,
kept in the dose history and read by the one dose wording."""

import datetime

import pytest

from programs.models import Prescription
from tests import factories
from tests.programs.builder_data import edit_data, program_data, rows_of

pytestmark = pytest.mark.django_db


def test_the_builder_adds_a_load_as_a_new_version_of_the_dose(as_alice, program, today):
    rows = rows_of(program)
    rows[0]["load"] = "5 kg backpack"

    response = as_alice.post(f"/programs/{program.pk}/edit/", edit_data(program, rows=rows))

    assert response.status_code == 302
    assert list(
        Prescription.objects.filter(name="Heel raise").values_list("load", "valid_until")
    ) == [("", today - datetime.timedelta(days=1)), ("5 kg backpack", None)]
    assert program.changes.get().summary == (
        "Heel raise: 3 sets of 10 → 3 sets of 10, with 5 kg backpack"
    )
    page = as_alice.get(f"/programs/{program.pk}/edit/").content.decode()
    assert 'value="5 kg backpack"' in page
    assert "3 sets of 10, with 5 kg backpack" in as_alice.get(response.url).content.decode()


def test_the_builder_refuses_a_load_too_long_to_read(as_alice, program):
    rows = rows_of(program)
    rows[0]["load"] = "x" * 41

    response = as_alice.post(f"/programs/{program.pk}/edit/", edit_data(program, rows=rows))

    assert response.status_code == 200
    assert "at most 40 characters" in response.content.decode()
    assert not Prescription.objects.exclude(load="").exists()


def test_a_template_keeps_its_loads(as_alice, northside, heel_raise):
    template = factories.ProgramTemplateFactory(clinic=northside, name="Northside heel plan")
    rows = [{"exercise": heel_raise.pk, "name": heel_raise.name, "load": "red band"}]
    data = program_data(rows=rows, name="Northside heel plan", phase="", description="")

    response = as_alice.post(f"/templates/{template.pk}/edit/", data)

    assert response.status_code == 302
    assert template.items.get().load == "red band"
