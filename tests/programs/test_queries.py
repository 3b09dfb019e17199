"""programs.prescribing.queries and the patient page's programs partial."""

import pytest
from django.template.loader import render_to_string

from programs.prescribing import queries
from tests import factories

pytestmark = pytest.mark.django_db


def test_programs_for_patient_counts_current_items_and_respects_access(
    program, alice, carlos, bob, today
):
    factories.PrescriptionFactory(program=program, valid_until=today)

    assert [p.item_count for p in queries.programs_for_patient(user=alice, patient=bob)] == [2]
    assert not queries.programs_for_patient(user=carlos, patient=bob).exists()


def test_catalogue_matches_uses_the_typo_tolerant_search(alice, heel_raise, calf_stretch):
    assert list(queries.catalogue_matches(user=alice, query="arch")) == [heel_raise]
    assert list(queries.catalogue_matches(user=alice, query="heal raise")) == [heel_raise]
    assert list(queries.catalogue_matches(user=alice, query="  ")) == []


def test_the_patient_programs_partial_links_programs_and_a_new_one(program, alice, bob):
    html = render_to_string(
        "accounts/_patient_programs.html",
        {"patient": bob, "programs": queries.programs_for_patient(user=alice, patient=bob)},
    )

    assert f'href="/programs/{program.pk}/"' in html
    assert f'href="/patients/{bob.pk}/programs/new/"' in html
    assert "2 items" in html  # exercises and tasks
