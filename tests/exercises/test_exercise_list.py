import pytest
from django.urls import reverse

from exercises.models import ExerciseType
from tests import factories

URL = reverse("exercise_list")


def test_it_shows_exercise_cards(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Standing calf stretch" in content
    assert "Stretches the big calf muscle against a wall." in content
    assert "Foot and ankle · Strength · Difficulty 2 of 3" in content
    assert "Step" in content
    assert "/static/img/exercise-types/stretch.svg" in content
    assert "4 exercises." in content


def test_it_works_for_clinic_admins(client, nora, catalogue):
    client.force_login(nora)
    assert "Heel raise" in client.get(URL).content.decode()


def test_it_searches_and_ranks(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(URL, {"q": "heal raise"})
    assert [exercise.name for exercise in response.context["page"]] == ["Heel raise"]
    assert "most relevant first" in response.content.decode()
    assert 'value="heal raise"' in response.content.decode()


def test_it_applies_every_filter_from_the_query_string(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(
        URL,
        {
            "region": "foot_ankle",
            "condition": "plantar-fasciitis",
            "type": "strength",
            "equipment": "step",
            "difficulty": "2",
        },
    )
    assert [exercise.name for exercise in response.context["page"]] == ["Heel raise"]
    content = response.content.decode()
    assert '<option value="plantar-fasciitis" selected>' in content
    assert '<option value="2" selected>' in content


def test_it_says_so_when_nothing_matches(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(URL, {"q": "calf", "type": "balance"})
    content = response.content.decode()
    assert "No exercises match this search." in content
    assert "clear the search and filters" in content


def test_it_shows_an_unknown_filter_as_an_error_and_ignores_it(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(URL, {"condition": "no-such-thing", "difficulty": "9", "type": "walk"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 4
    assert "Select a valid choice" in response.content.decode()


def test_it_paginates_keeping_the_filters(client, alice):
    factories.ExerciseFactory.create_batch(25, exercise_type=ExerciseType.BALANCE)
    factories.ExerciseFactory.create_batch(3, exercise_type=ExerciseType.COLD)
    client.force_login(alice)

    first = client.get(URL, {"type": "balance"})
    assert len(first.context["page"].object_list) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?type=balance&amp;page=2"' in first.content.decode()

    second = client.get(URL, {"type": "balance", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert 'href="?type=balance&amp;page=1"' in second.content.decode()


def test_it_survives_a_nonsense_page_number(client, alice, catalogue):
    client.force_login(alice)
    assert client.get(URL, {"page": "lots"}).status_code == 200


@pytest.mark.parametrize("count", [2, 40])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "calf strech"},
        {
            "q": "plantar",
            "condition": "plantar-fasciitis",
            "equipment": "step",
            "region": "foot_ankle",
        },
    ],
)
def test_its_query_count_does_not_grow(
    client, alice, catalogue, plantar_fasciitis, step, django_assert_max_num_queries, count, query
):
    for exercise in factories.ExerciseFactory.create_batch(count, name="Calf stretch variant"):
        exercise.conditions.add(plantar_fasciitis)
        exercise.equipment.add(step)
    client.force_login(alice)
    # Session, user, the condition and equipment filter lists, the chosen condition and
    # equipment, the count, the page and its equipment.
    with django_assert_max_num_queries(10):
        client.get(URL, query)
