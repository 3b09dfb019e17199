"""load_catalogue for issue 15: tasks (a Today line and sources, no repetitions), templates
as pathway phases (criteria, next phase, move-on rule, planned dose steps, at most five
items), all or nothing."""

import pytest
from django.core.management.base import CommandError

from exercises.models import Exercise
from programs.models import ProgramTemplate
from tests.exercises.test_load_catalogue import SMALL_CATALOGUE, load, write_catalogue

pytestmark = pytest.mark.django_db

PATHWAY = (
    SMALL_CATALOGUE
    + """
      - slug: heel-pain-strength
        name: Heel pain — strength phase
        condition: heel-pain
        description: Heavier work.
        entry_criteria: [Morning pain has settled.]
        sources: [A trial.]
        items:
          - exercise: heel-raise
            sets: 3
            reps: 12
            times_per_day: 1
            weekdays: [Mon, Wed, Fri]
            dose_steps:
              - {from_week: 3, sets: 4, reps: 10, load: backpack}
          - exercise: night-splint
            sets: 1
            times_per_day: 1
            weekdays: every day
"""
)
TASK = """
      - slug: night-splint
        name: Night splint
        summary: A splint worn at night.
        body_region: foot_ankle
        exercise_type: task
        difficulty: 1
        equipment: []
        conditions: [heel-pain]
        steps: [Put it on., Strap it., Take it off.]
        cues: []
        default_sets: 1
        default_times_per_day: 1
        default_days_per_week: 7
        precautions: Check your skin.
        today_label: Night splint on tonight
        sources: [Koc et al. 2023.]
    templates:"""


def catalogue(text=PATHWAY):
    # The task goes at the end of the exercises; the early phase moves on to strength.
    text = text.replace("\n    templates:", TASK, 1)
    return text.replace(
        "        entry_criteria: [New heel pain.]",
        "        entry_criteria: [New heel pain.]\n"
        "        exit_criteria: [Morning pain at 3 or less for a week.]\n"
        "        move_on_rule: {symptom_at_most: 3, days: 7}\n"
        "        next_phase: heel-pain-strength",
        1,
    )


def test_it_loads_tasks_and_a_pathway(tmp_path):
    load(write_catalogue(tmp_path / "catalogue", catalogue()))

    splint = Exercise.objects.get(slug="night-splint")
    assert (splint.is_task, splint.today_label, splint.default_reps) == (
        True,
        "Night splint on tonight",
        None,
    )
    early = ProgramTemplate.objects.get(slug="heel-pain-early")
    assert early.next_phase.slug == "heel-pain-strength"
    assert early.move_on_rule == {"symptom_at_most": 3, "days": 7}
    strength = early.next_phase
    raise_item, splint_item = strength.items.order_by("order")
    assert raise_item.dose_steps == [{"from_week": 3, "sets": 4, "reps": 10, "load": "backpack"}]
    assert (splint_item.reps, splint_item.hold_seconds, splint_item.sets) == (None, None, 1)


def test_loading_twice_changes_nothing(tmp_path):
    folder = write_catalogue(tmp_path / "catalogue", catalogue())
    load(folder)

    output = load(folder)

    assert "Templates   0 created, 0 updated, 2 unchanged" in output


@pytest.mark.parametrize(
    ("original", "broken", "message"),
    [
        (
            "today_label: Night splint on tonight",
            "cues_: []",
            "exercise 'night-splint', field 'cues_': not a known field",
        ),
        (
            "        today_label: Night splint on tonight\n",
            "",
            "exercise 'night-splint', field 'today_label': a task needs it",
        ),
        (
            "        sources: [Koc et al. 2023.]\n",
            "",
            "exercise 'night-splint', field 'sources': a task needs it",
        ),
        (
            "        default_sets: 1\n",
            "        default_sets: 1\n        default_reps: 10\n",
            "exercise 'night-splint', field 'default_reps': a task has no repetitions",
        ),
        (
            "        cues: [Slow down.]",
            "        cues: [Slow down.]\n        today_label: Up you go",
            "exercise 'heel-raise', field 'today_label': only tasks have one",
        ),
        (
            "          - exercise: night-splint\n            sets: 1",
            "          - exercise: night-splint\n            sets: 1\n            reps: 5",
            "item #2: 'night-splint' is a task: give sets: 1 and no reps",
        ),
        (
            "{from_week: 3, sets: 4, reps: 10, load: backpack}",
            "{from_week: 1, sets: 4}",
            "item #1, field 'dose_steps': from_week must rise, from week 2 on",
        ),
        (
            "{from_week: 3, sets: 4, reps: 10, load: backpack}",
            "{from_week: 3, weight: 4}",
            "dose step #1, field 'weight': not a known field",
        ),
        (
            "        next_phase: heel-pain-strength",
            "        next_phase: nope",
            "field 'next_phase': no templates entry has slug 'nope'",
        ),
        (
            "        exit_criteria: [Morning pain at 3 or less for a week.]\n",
            "",
            "field 'exit_criteria': say when to move on in words",
        ),
        (
            "{symptom_at_most: 3, days: 7}",
            "{symptom_at_most: 3}",
            "move_on_rule, field 'days': missing or empty",
        ),
        (
            "        entry_criteria: [Morning pain has settled.]\n",
            "",
            "template 'heel-pain-strength', field 'entry_criteria': missing or empty",
        ),
        (
            "        how_long: A few months.\n",
            "",
            "condition 'heel-pain', field 'how_long': missing or empty",
        ),
    ],
)
def test_it_names_the_problem_and_saves_nothing(tmp_path, original, broken, message):
    text = catalogue()
    assert original in text
    folder = write_catalogue(tmp_path / "catalogue", text.replace(original, broken, 1))

    with pytest.raises(CommandError) as error:
        load(folder)

    assert message in str(error.value)
    assert not Exercise.objects.exists()
    assert not ProgramTemplate.objects.exists()


def test_a_template_holds_at_most_five_items(tmp_path):
    item = (
        "\n          - exercise: heel-raise\n            sets: 3\n            reps: 12"
        "\n            times_per_day: 1\n            weekdays: every day"
    )
    text = catalogue().rstrip("\n") + item * 4 + "\n"
    folder = write_catalogue(tmp_path / "catalogue", text)

    with pytest.raises(CommandError, match="'heel-pain-strength', field 'items': at most 5"):
        load(folder)
