"""The load_catalogue command: idempotent upserts by slug, clinics' own work left alone."""

import shutil
from io import StringIO
from textwrap import dedent

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict

from exercises import catalogue_loader
from exercises.catalogue_loader import CATALOGUE_DIR
from exercises.management.commands.load_catalogue import Command
from exercises.models import Condition, Equipment, Exercise
from programs.models import ProgramTemplate, TemplateItem
from tests import factories

SMALL_CATALOGUE = """
    equipment:
      - slug: garden-wall
        name: A clear wall
    conditions:
      - slug: heel-pain
        name: Heel pain
        body_region: foot_ankle
        summary: Pain under the heel.
        description: The band under the foot is sore.
        red_flags: [Numbness in the foot.]
        precautions: [Stretch gently.]
        when_to_stop: [Pain above 5 out of 10.]
        how_long: A few months.
        what_helps: [Stretching.]
        daily_life: [Good shoes.]
        sources: [A guideline.]
    exercises:
      - slug: wall-stretch
        name: Wall stretch
        summary: Stretches the calf.
        body_region: foot_ankle
        exercise_type: stretch
        difficulty: 1
        equipment: [garden-wall]
        conditions: [heel-pain]
        steps: [Face the wall., Step back., Lean in.]
        cues: [Heel down.]
        default_sets: 3
        default_hold_seconds: 30
        default_times_per_day: 2
        default_days_per_week: 7
        precautions: Go gently.
        progression: heel-raise
      - slug: heel-raise
        name: Heel raise
        summary: Strengthens the calf.
        body_region: foot_ankle
        exercise_type: strength
        difficulty: 2
        equipment: []
        conditions: [heel-pain]
        steps: [Stand tall., Rise up., Lower slowly.]
        cues: [Slow down.]
        default_sets: 3
        default_reps: 12
        default_times_per_day: 1
        default_days_per_week: 3
        precautions: Every other day.
        regression: wall-stretch
    templates:
      - slug: heel-pain-early
        name: Heel pain — early phase
        condition: heel-pain
        phase: early
        description: The first weeks.
        entry_criteria: [New heel pain.]
        sources: [A trial.]
        items:
          - exercise: wall-stretch
            sets: 3
            hold_seconds: 30
            times_per_day: 2
            weekdays: every day
          - exercise: heel-raise
            sets: 3
            reps: 12
            times_per_day: 1
            weekdays: [Mon, Wed, Fri]
            side: both
"""


def write_catalogue(folder, text=SMALL_CATALOGUE, name="catalogue.yaml"):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(dedent(text), encoding="utf-8")
    return folder


def load(path=CATALOGUE_DIR):
    out = StringIO()
    call_command("load_catalogue", path=path, stdout=out)
    return out.getvalue()


def snapshot():
    """Every catalogue row with all its values, keyed by primary key."""
    return {
        model.__name__: {row.pk: model_to_dict(row) for row in model.objects.all()}
        for model in (Equipment, Condition, Exercise, ProgramTemplate, TemplateItem)
    }


@pytest.mark.django_db
def test_it_loads_the_shared_catalogue():
    output = load()

    assert Exercise.objects.filter(clinic__isnull=True).count() >= 60
    assert Condition.objects.count() >= 9
    early = ProgramTemplate.objects.get(slug="plantar-fasciitis-early")
    assert early.clinic is None
    assert early.condition.slug == "plantar-fasciitis"
    assert early.items.count() == 4  # a calming start: a few items a patient keeps up
    assert early.next_phase.slug == "plantar-fasciitis-intermediate"
    high_load = Exercise.objects.get(slug="heel-raise-high-load")
    assert high_load.regression.slug == "heel-raise-two-up-one-down"
    assert set(high_load.equipment.values_list("slug", flat=True)) == {"step", "towel", "backpack"}
    # 79 exercises, 10 tasks and read-this cards
    assert "Exercises   89 created, 0 updated, 0 unchanged" in output


@pytest.mark.django_db
def test_it_loads_contraindication_tags_and_each_conditions_daily_symptom():
    load()

    bottle = Exercise.objects.get(slug="frozen-bottle-roll")
    assert bottle.contraindication_tags == [
        "reduced_foot_sensation",
        "poor_circulation",
        "broken_skin",
    ]
    assert "diabetes" in bottle.contraindications  # the free text stays for clinicians
    shoulder = Condition.objects.get(slug="rotator-cuff-shoulder-pain")
    assert (shoulder.symptom_label, shoulder.default_pain_limit) == ("pain at night", 5)
    heel = Condition.objects.get(slug="plantar-fasciitis")
    assert heel.symptom_question == (
        "How bad was the pain with your first steps out of bed this morning?"
    )


@pytest.mark.django_db
def test_it_leaves_the_same_rows_when_run_twice():
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert "0 created, 0 updated" in output
    assert "Templates   0 created, 0 updated, 13 unchanged" in output


@pytest.mark.django_db
def test_it_updates_a_changed_entry_in_place(tmp_path):
    folder = write_catalogue(tmp_path / "catalogue")
    load(folder)
    stretch = Exercise.objects.get(slug="wall-stretch")
    template = ProgramTemplate.objects.get(slug="heel-pain-early")
    changed = (
        SMALL_CATALOGUE.replace("Stretches the calf.", "Stretches both calf muscles.")
        .replace("progression: heel-raise", "")
        .replace("reps: 12\n            times_per_day: 1", "reps: 8\n            times_per_day: 1")
    )
    write_catalogue(folder, changed)

    output = load(folder)

    stretch.refresh_from_db()
    assert stretch.summary == "Stretches both calf muscles."
    assert stretch.progression is None
    assert Exercise.objects.count() == 2
    assert ProgramTemplate.objects.get().pk == template.pk
    assert list(template.items.values_list("exercise__slug", "reps")) == [
        ("wall-stretch", None),
        ("heel-raise", 8),
    ]
    assert "Exercises   0 created, 1 updated, 1 unchanged" in output
    assert "Templates   0 created, 1 updated, 0 unchanged" in output


@pytest.mark.django_db
def test_it_never_deletes_or_alters_what_is_not_in_the_files(tmp_path, northside):
    own = factories.ExerciseFactory(clinic=northside, slug="northside-calf-stretch")
    retired = factories.ExerciseFactory(slug="retired-shared-stretch")
    own_template = factories.ProgramTemplateFactory(clinic=northside, name="Our heel plan")
    factories.TemplateItemFactory(template=own_template, exercise=own)
    before = {
        row.pk: model_to_dict(row) for row in Exercise.objects.filter(pk__in=[own.pk, retired.pk])
    }

    load(write_catalogue(tmp_path / "catalogue"))

    after = {
        row.pk: model_to_dict(row) for row in Exercise.objects.filter(pk__in=[own.pk, retired.pk])
    }
    assert after == before
    assert own_template.items.get().exercise == own
    assert Exercise.objects.count() == 4


@pytest.mark.django_db
def test_it_refuses_to_take_over_a_clinic_exercise_with_a_catalogue_slug(tmp_path, northside):
    own = factories.ExerciseFactory(clinic=northside, slug="heel-raise", name="Our heel raise")

    with pytest.raises(CommandError, match="a clinic's own exercise already uses this slug"):
        load(write_catalogue(tmp_path / "catalogue"))

    own.refresh_from_db()
    assert own.name == "Our heel raise"
    assert own.clinic == northside
    assert Exercise.objects.count() == 1
    assert not Condition.objects.exists()


@pytest.mark.parametrize(
    ("original", "broken", "message"),
    [
        (
            "summary: Strengthens the calf.",
            "summary: ''",
            "zz.yaml, exercise 'heel-raise', field 'summary': missing or empty",
        ),
        (
            "steps: [Stand tall., Rise up., Lower slowly.]",
            "steps: [Stand tall., Rise up.]",
            "exercise 'heel-raise', field 'steps': needs 3 to 8 steps",
        ),
        ("difficulty: 2", "difficulty: 4", "exercise 'heel-raise', field 'difficulty'"),
        ("exercise_type: strength", "exercise_type: yoga", "field 'exercise_type'"),
        ("default_reps: 12", "default_reps:", "field 'default_reps': give reps or hold seconds"),
        (
            "default_days_per_week: 3",
            "default_days_per_week: 4\n        min_rest_days: 1",
            "field 'default_days_per_week': with 1 rest day(s) between sessions a week has room "
            "for 3 days",
        ),
        (
            "regression: wall-stretch",
            "regression: nope",
            "field 'regression': no exercises entry has slug 'nope'",
        ),
        ("cues: [Slow down.]", "cuez: [Slow down.]", "field 'cuez': not a known field"),
        (
            "precautions: Go gently.",
            "precautions: Go gently.\n        contraindication_tags: [diabetes]",
            "zz.yaml, exercise 'wall-stretch', field 'contraindication_tags': unknown tag "
            "'diabetes' (known: reduced_foot_sensation,",
        ),
        (
            "body_region: foot_ankle\n        summary: Pain under the heel.",
            "body_region: foot_ankle\n        symptom_question: How were your first steps?"
            "\n        summary: Pain under the heel.",
            "condition 'heel-pain', field 'symptom_label': give the symptom question and its "
            "label together",
        ),
        (
            "body_region: foot_ankle\n        summary: Pain under the heel.",
            "body_region: foot_ankle\n        default_pain_limit: 11"
            "\n        summary: Pain under the heel.",
            "condition 'heel-pain', field 'default_pain_limit'",
        ),
        ("weekdays: [Mon, Wed, Fri]", "weekdays: [Monday]", "item #2, field 'weekdays'"),
        (
            "condition: heel-pain",
            "condition: nope",
            "template 'heel-pain-early', field 'condition': no conditions entry has slug 'nope'",
        ),
        ("name: A clear wall", "name: [A clear wall", "zz.yaml: not valid YAML"),
    ],
)
@pytest.mark.django_db
def test_it_names_the_problem_and_saves_nothing_for_a_malformed_file(
    tmp_path, original, broken, message
):
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    write_catalogue(folder, SMALL_CATALOGUE.replace(original, broken), "zz.yaml")

    with pytest.raises(CommandError) as error:
        load(folder)

    assert message in str(error.value)
    assert not Exercise.objects.exists()
    assert not Equipment.objects.exists()
    assert not ProgramTemplate.objects.exists()


@pytest.mark.django_db
def test_it_rejects_a_slug_used_twice(tmp_path):
    folder = write_catalogue(tmp_path / "catalogue")
    write_catalogue(folder, SMALL_CATALOGUE, "again.yaml")

    with pytest.raises(CommandError, match="slug .garden-wall. is also used by"):
        load(folder)


@pytest.mark.django_db
def test_it_only_checks_the_files_with_check(tmp_path):
    out = StringIO()

    call_command("load_catalogue", "--check", path=CATALOGUE_DIR, stdout=out)

    assert "is valid" in out.getvalue()
    assert not Exercise.objects.exists()


def test_it_explains_itself_in_help():
    help_text = Command().create_parser("manage.py", "load_catalogue").format_help()

    assert "inserted or updated by slug" in help_text
    assert "--check" in help_text


def test_a_drawing_without_its_licence_is_refused_naming_the_exercise(monkeypatch):
    monkeypatch.setattr(
        catalogue_loader,
        "image_metadata",
        lambda slug: {"author": "Stride contributors", "licence": "", "source": ""},
    )
    with pytest.raises(
        catalogue_loader.CatalogueError, match=r"exercise '[a-z-]+'.*licence, source"
    ):
        catalogue_loader.read_catalogue()
