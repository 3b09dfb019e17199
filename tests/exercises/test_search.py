import pytest

from exercises.search import CatalogueFilters, search_exercises
from tests import factories


def names(exercises):
    return [exercise.name for exercise in exercises]


def test_it_lists_everything_by_name_without_a_search(alice, catalogue):
    assert names(search_exercises(user=alice)) == [
        "Heel raise",
        "Standing calf stretch",
        "Towel toe curls",
        "Wall slide",
    ]


def test_it_ranks_an_exact_name_first(alice, heel_raise):
    # More mentions of "heel raise" elsewhere must not beat the exercise of that name.
    factories.ExerciseFactory(
        name="Single-leg heel raise on a step",
        summary="A harder heel raise, heel raise after heel raise.",
        steps=["Heel raise on one leg.", "Heel raise slowly.", "Heel raise again."],
    )
    assert names(search_exercises(user=alice, text="heel raise"))[0] == "Heel raise"


def test_it_ranks_name_matches_above_step_matches(alice, calf_stretch, wall_slide):
    factories.ExerciseFactory(
        name="Ankle circles",
        summary="Moves the ankle.",
        steps=["Sit down.", "Circle the ankle.", "Relax the calf."],
    )
    assert names(search_exercises(user=alice, text="calf")) == [
        "Standing calf stretch",
        "Ankle circles",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("calf strech", "Standing calf stretch"),
        ("heal raise", "Heel raise"),
        ("Heel Raise", "Heel raise"),
    ],
)
def test_it_forgives_typos(alice, catalogue, typed, expected):
    assert names(search_exercises(user=alice, text=typed))[0] == expected


def test_it_finds_the_exercises_of_a_misspelt_condition(alice, catalogue):
    found = names(search_exercises(user=alice, text="plantar fascitis"))
    assert sorted(found) == ["Heel raise", "Standing calf stretch"]


def test_it_finds_the_exercises_of_a_condition_by_name(alice, catalogue):
    found = names(search_exercises(user=alice, text="Plantar fasciitis"))
    assert sorted(found) == ["Heel raise", "Standing calf stretch"]


def test_it_leaves_out_unrelated_exercises(alice, catalogue):
    assert "Wall slide" not in names(search_exercises(user=alice, text="calf strech"))
    assert names(search_exercises(user=alice, text="xylophone")) == []


def test_it_searches_text_written_after_creation(alice, wall_slide):
    wall_slide.summary = "Glides the shoulder blade"
    wall_slide.save()
    assert names(search_exercises(user=alice, text="glide")) == ["Wall slide"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CatalogueFilters(body_region="shoulder"), ["Wall slide"]),
        (CatalogueFilters(exercise_type="strength"), ["Heel raise", "Towel toe curls"]),
        (CatalogueFilters(difficulty=2), ["Heel raise"]),
    ],
)
def test_it_filters_by_field(alice, catalogue, filters, expected):
    assert names(search_exercises(user=alice, filters=filters)) == expected


def test_it_filters_by_condition(alice, catalogue, plantar_fasciitis):
    filters = CatalogueFilters(condition=plantar_fasciitis)
    assert names(search_exercises(user=alice, filters=filters)) == [
        "Heel raise",
        "Standing calf stretch",
    ]


def test_it_filters_by_equipment(alice, catalogue, towel):
    filters = CatalogueFilters(equipment=towel)
    assert names(search_exercises(user=alice, filters=filters)) == ["Towel toe curls"]


def test_it_combines_filters_and_search(alice, catalogue, plantar_fasciitis):
    filters = CatalogueFilters(condition=plantar_fasciitis, exercise_type="strength")
    assert names(search_exercises(user=alice, filters=filters)) == ["Heel raise"]
    assert names(search_exercises(user=alice, text="calf", filters=filters)) == ["Heel raise"]
    assert names(search_exercises(user=alice, text="towel", filters=filters)) == []


def test_it_shows_the_clinics_own_exercises_only_to_that_clinic(alice, olga, northside):
    factories.ExerciseFactory(name="Northside heel drop", clinic=northside)
    assert names(search_exercises(user=alice, text="heel drop")) == ["Northside heel drop"]
    assert names(search_exercises(user=olga, text="heel drop")) == []


def test_it_leaves_out_archived_exercises(alice, northside):
    factories.ExerciseFactory(name="Old heel drop", clinic=northside, is_archived=True)
    factories.ExerciseFactory(name="Old shared heel drop", is_archived=True)
    assert names(search_exercises(user=alice, text="heel drop")) == []


def test_it_finds_nothing_for_patients(bob, catalogue):
    assert names(search_exercises(user=bob)) == []
