"""The builder's item cards show each row's exercise drawing, on the row's side."""

import pytest

from exercises.illustrations import exercise_svgs
from tests import factories
from tests.programs.builder_data import program_data

pytestmark = pytest.mark.django_db

STEPS = ["Sit with a towel round the ball of your foot.", "Pull it towards you."]


def url(patient):
    return f"/patients/{patient.pk}/programs/new/"


@pytest.fixture
def towel_stretch(db):
    return factories.ExerciseFactory(
        slug="towel-calf-stretch", name="Towel calf stretch", steps=STEPS
    )


def rearranged(client, patient, rows):
    """The builder page after a button other than Save: the rows shown again, unsaved."""
    data = program_data(rows=rows, action="search") | {"q": ""}
    return client.post(url(patient), data).content.decode()


def test_a_card_shows_its_exercise_and_a_right_side_row_the_mirror(as_alice, bob, towel_stretch):
    row = {"exercise": towel_stretch.pk, "name": towel_stretch.name}
    unsided = rearranged(as_alice, bob, [row])
    right = rearranged(as_alice, bob, [row | {"side": "right"}])

    start, mirrored = (
        exercise_svgs(towel_stretch.slug, title=STEPS[0])[0],
        exercise_svgs(towel_stretch.slug, side="right", title=STEPS[0])[0],
    )
    assert start != mirrored
    assert start in unsided and mirrored not in unsided
    assert mirrored in right and start not in right


def test_the_pictures_cost_one_query_whatever_the_rows(
    as_alice, bob, towel_stretch, django_assert_max_num_queries
):
    few = [{"exercise": towel_stretch.pk}]
    many = few + [{"exercise": factories.ExerciseFactory().pk} for _ in range(5)]
    with django_assert_max_num_queries(100) as one_row:
        rearranged(as_alice, bob, few)
    with django_assert_max_num_queries(len(one_row)):
        rearranged(as_alice, bob, many)
