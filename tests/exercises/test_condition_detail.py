import pytest
from django.urls import reverse

from tests import factories

URL = reverse("condition_detail", args=["plantar-fasciitis"])


def test_it_shows_the_condition_with_red_flags(client, alice, plantar_fasciitis):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert "Red flags: see a doctor" in content
    assert "Numbness or tingling in the foot" in content
    assert "Build up slowly" in content
    assert "Pain above 5 out of 10 that lasts until the next morning" in content
    assert "Described for tests." in content


def test_it_lists_its_active_visible_exercises(
    client, alice, catalogue, plantar_fasciitis, outsider_clinic
):
    archived = factories.ExerciseFactory(name="Retired heel stretch", is_archived=True)
    foreign = factories.ExerciseFactory(name="Outsider heel stretch", clinic=outsider_clinic)
    for exercise in (archived, foreign):
        exercise.conditions.add(plantar_fasciitis)
    client.force_login(alice)

    names = [exercise.name for exercise in client.get(URL).context["exercises"]]

    assert names == ["Heel raise", "Standing calf stretch"]


def test_it_lists_shared_and_own_templates(
    client, alice, plantar_fasciitis, heel_raise, northside, outsider_clinic
):
    shared = factories.ProgramTemplateFactory(
        name="Plantar fasciitis — early phase", condition=plantar_fasciitis, phase="Early"
    )
    factories.TemplateItemFactory(template=shared, exercise=heel_raise)
    factories.ProgramTemplateFactory(
        name="Northside heel plan", condition=plantar_fasciitis, clinic=northside
    )
    factories.ProgramTemplateFactory(
        name="Outsider heel plan", condition=plantar_fasciitis, clinic=outsider_clinic
    )
    factories.ProgramTemplateFactory(
        name="Old heel plan", condition=plantar_fasciitis, is_archived=True
    )
    client.force_login(alice)

    content = client.get(URL).content.decode()

    assert "Plantar fasciitis — early phase" in content
    assert "Northside heel plan" in content
    assert "Outsider heel plan" not in content
    assert "Old heel plan" not in content
    assert f'<a href="{heel_raise.get_absolute_url()}">Heel raise</a>' in content


@pytest.mark.parametrize("count", [1, 15])
def test_its_query_count_does_not_grow(
    client, alice, plantar_fasciitis, heel_raise, django_assert_max_num_queries, count
):
    for _ in range(count):
        template = factories.ProgramTemplateFactory(condition=plantar_fasciitis)
        factories.TemplateItemFactory(template=template, exercise=heel_raise)
        factories.ExerciseFactory().conditions.add(plantar_fasciitis)
    client.force_login(alice)
    # Session, user, condition, exercises, their equipment, templates, template items.
    with django_assert_max_num_queries(8):
        client.get(URL)


def test_it_is_404_for_an_unknown_condition(client, alice):
    client.force_login(alice)
    assert client.get(reverse("condition_detail", args=["no-such-thing"])).status_code == 404
