import pytest
from django.urls import reverse

from tests import factories

URL = reverse("clinic_exercise_list")


def test_it_lists_the_clinics_own_exercises_archived_last(
    client, alice, northside, outsider_clinic, calf_stretch
):
    factories.ExerciseFactory(name="Arch lift", clinic=northside, is_archived=True)
    factories.ExerciseFactory(name="Toe spread", clinic=northside)
    factories.ExerciseFactory(name="Outsider lift", clinic=outsider_clinic)
    client.force_login(alice)

    response = client.get(URL)

    assert [exercise.name for exercise in response.context["page"]] == ["Toe spread", "Arch lift"]
    assert "Archived" in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_its_query_count_does_not_grow(
    client, alice, northside, step, django_assert_max_num_queries, count
):
    for exercise in factories.ExerciseFactory.create_batch(count, clinic=northside):
        exercise.equipment.add(step)
    client.force_login(alice)
    # Session, user, the count, the page and its equipment.
    with django_assert_max_num_queries(6):
        client.get(URL)
