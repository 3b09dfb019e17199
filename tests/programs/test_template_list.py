"""/templates/: shared and own-clinic templates, filtered by condition."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_it_lists_shared_and_own_clinic_templates_only(
    as_alice, early_template, northside, outsider_clinic
):
    factories.ProgramTemplateFactory(name="Northside knee", clinic=northside)
    factories.ProgramTemplateFactory(name="Outsider secret", clinic=outsider_clinic)
    factories.ProgramTemplateFactory(name="Old one", clinic=northside, is_archived=True)

    page = as_alice.get("/templates/").content.decode()

    assert "Plantar fasciitis — early phase" in page
    assert "Northside knee" in page
    assert "Outsider secret" not in page
    assert "Old one" not in page
    assert "2 exercises" in page


def test_it_filters_by_condition_and_shows_archived_on_request(as_alice, northside):
    heel = factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")
    factories.ProgramTemplateFactory(name="Heel one", condition=heel, clinic=northside)
    factories.ProgramTemplateFactory(name="Other one", clinic=northside)
    factories.ProgramTemplateFactory(name="Old one", clinic=northside, is_archived=True)

    filtered = as_alice.get("/templates/", {"condition": "plantar-fasciitis"}).content.decode()
    archived = as_alice.get("/templates/", {"archived": "1"}).content.decode()

    assert "Heel one" in filtered and "Other one" not in filtered
    assert "Old one" in archived and "Restore" in archived


def test_its_query_count_does_not_grow(as_alice, northside, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as small:
        as_alice.get("/templates/")
    for _ in range(6):
        factories.TemplateItemFactory(
            template=factories.ProgramTemplateFactory(
                clinic=northside, condition=factories.ConditionFactory()
            )
        )
    with django_assert_max_num_queries(len(small)):
        as_alice.get("/templates/")
