"""Every entry in the shared catalogue files is complete and consistent.

The files are read here as plain YAML, independently of the loader, so a half-written or
mistyped entry fails the suite even if the loader's own checks had a gap.
"""

import re
from collections import Counter

import pytest
import yaml

from accounts.health import HealthFactor
from exercises.catalogue_loader import CATALOGUE_DIR, read_catalogue
from exercises.models import BodyRegion, ExerciseType
from programs.models import WEEKDAY_NAMES, Side

REGIONS = ["foot_ankle", "knee", "hip", "lumbar", "neck", "shoulder", "elbow_wrist"]
CONDITIONS = [
    "plantar-fasciitis",
    "achilles-tendinopathy",
    "ankle-sprain",
    "patellofemoral-pain",
    "knee-osteoarthritis",
    "low-back-pain",
    "neck-pain",
    "rotator-cuff-shoulder-pain",
    "lateral-elbow-pain",
]
EXERCISE_REQUIRED = [
    "slug",
    "name",
    "summary",
    "steps",
    "cues",
    "body_region",
    "exercise_type",
    "conditions",
    "difficulty",
    "default_sets",
    "default_times_per_day",
    "default_days_per_week",
    "precautions",
]
CONDITION_REQUIRED = [
    "slug",
    "name",
    "summary",
    "description",
    "body_region",
    "red_flags",
    "precautions",
    "when_to_stop",
]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _entries(section):
    entries = []
    for path in sorted(CATALOGUE_DIR.glob("*.yaml")):
        entries += yaml.safe_load(path.read_text(encoding="utf-8")).get(section) or []
    return entries


ENTRIES = _entries("exercises")  # exercises, tasks and read-this cards
TASK_TYPES = {"task", "education"}
EXERCISES = [entry for entry in ENTRIES if entry.get("exercise_type") not in TASK_TYPES]
TASKS = [entry for entry in ENTRIES if entry.get("exercise_type") in TASK_TYPES]
CONDITION_ENTRIES = _entries("conditions")
TEMPLATES = _entries("templates")
EQUIPMENT = _entries("equipment")
EXERCISES_BY_SLUG = {entry["slug"]: entry for entry in EXERCISES}
TASKS_BY_SLUG = {entry["slug"]: entry for entry in TASKS}
SLUGS = {
    "exercises": set(EXERCISES_BY_SLUG) | set(TASKS_BY_SLUG),
    "conditions": {entry["slug"] for entry in CONDITION_ENTRIES},
    "equipment": {entry["slug"] for entry in EQUIPMENT},
}


def each(entries):
    return pytest.mark.parametrize(
        "entry", entries, ids=[str(entry.get("slug", "no slug")) for entry in entries]
    )


def _is_filled(value):
    return value not in (None, "", []) and not (isinstance(value, str) and not value.strip())


def _within(value, low, high):
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@each(ENTRIES)
def test_it_fills_in_every_exercise_field(entry):
    required = [name for name in EXERCISE_REQUIRED if not (name == "cues" and entry in TASKS)]
    missing = [name for name in required if not _is_filled(entry.get(name))]
    assert not missing, f"{entry.get('slug')}: missing {missing}"
    assert isinstance(entry.get("equipment"), list), "equipment must be listed (may be empty)"
    assert SLUG.match(entry["slug"])
    assert len(entry["summary"]) <= 240


@each(EXERCISES)
def test_it_writes_three_to_eight_steps_and_some_cues(entry):
    steps, cues = entry["steps"], entry["cues"]
    assert 3 <= len(steps) <= 8
    assert all(isinstance(step, str) and step.strip().endswith(".") for step in steps)
    assert all(isinstance(cue, str) and cue.strip() for cue in cues)
    assert all(not step[0].isdigit() for step in steps), "steps are numbered by the app"


@each(ENTRIES)
def test_it_uses_valid_choices(entry):
    assert entry["body_region"] in REGIONS
    assert entry["body_region"] in BodyRegion.values
    assert entry["exercise_type"] in ExerciseType.values
    assert _within(entry["difficulty"], 1, 3)


@each(EXERCISES)
def test_it_gives_a_sane_default_dose(entry):
    reps, hold = entry.get("default_reps"), entry.get("default_hold_seconds")
    assert reps is not None or hold is not None, "give reps or hold seconds"
    assert reps is None or _within(reps, 1, 100)
    assert hold is None or _within(hold, 1, 600)
    assert _within(entry["default_sets"], 1, 10)
    assert _within(entry["default_times_per_day"], 1, 6)
    assert _within(entry["default_days_per_week"], 1, 7)


REST_DAY_WORDS = re.compile(r"two days in a row|every other day|rest a day between", re.I)


@each(EXERCISES)
def test_its_rest_days_rule_says_what_its_text_says(entry):
    """An exercise whose text asks for a rest day between sessions has the rule that spaces
    its days when a suggestion brings it in (and the rule leaves room for its days)."""
    text = " ".join([entry["precautions"], *entry["steps"]])
    rest_days = entry.get("min_rest_days", 0)
    assert (rest_days >= 1) == bool(REST_DAY_WORDS.search(text))
    assert entry["default_days_per_week"] <= 7 // (rest_days + 1)


# "5 out of 10", "3/10": a pain number fixed in a text, which the program's own limit (set by
# the clinician, shown on the handout) would contradict.
FIXED_PAIN_NUMBER = re.compile(r"\b\d{1,2}\s*(?:out of|/)\s*10\b", re.I)


def _texts(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []


@pytest.mark.parametrize(
    "entry",
    ENTRIES + CONDITION_ENTRIES + TEMPLATES,
    ids=[str(entry.get("slug")) for entry in ENTRIES + CONDITION_ENTRIES + TEMPLATES],
)
def test_no_text_names_a_fixed_pain_number(entry):
    """Finding 10: the handout said stop above 5/10 while exercises said keep it at 3 or
    less. Texts say "your limit"; the handout and the log form name the program's."""
    fixed = [text for text in _texts(entry) if FIXED_PAIN_NUMBER.search(text)]
    assert not fixed, fixed


# What a contraindication text says, per tag of the health screen (accounts.health).
TAG_WORDS = {
    HealthFactor.REDUCED_FOOT_SENSATION: r"reduced feeling|diabetes|neuropathy",
    HealthFactor.POOR_CIRCULATION: r"circulation|raynaud",
    HealthFactor.BROKEN_SKIN: r"broken skin|wound",
    HealthFactor.UNSTEADY_BALANCE: r"unsteady|had a fall",
    HealthFactor.PREGNANCY: r"pregnan",
    HealthFactor.RECENT_SURGERY: r"replacement|surgery|operation",
    HealthFactor.TENDON_TEAR: r"\btear\b|ruptur",
    HealthFactor.SHOULDER_INSTABILITY: r"dislocat",
}


@each(ENTRIES)
def test_its_contraindication_tags_say_what_its_text_says(entry):
    """The builder checks the tags, not the text: every factor the text names is tagged."""
    text = entry.get("contraindications", "")
    named = {tag for tag, words in TAG_WORDS.items() if re.search(words, text, re.I)}
    tags = entry.get("contraindication_tags", [])
    assert set(tags) <= set(HealthFactor.values)
    assert set(tags) == named, text


@each(CONDITION_ENTRIES)
def test_each_condition_names_its_daily_symptom_and_pain_limit(entry):
    assert entry["symptom_question"].endswith("?") and len(entry["symptom_question"]) <= 200
    label = entry["symptom_label"]
    assert label == label.lower() and 0 < len(label) <= 40
    assert _within(entry["default_pain_limit"], 0, 10)


@each(ENTRIES)
def test_it_references_only_existing_slugs(entry):
    assert set(entry["equipment"]) <= SLUGS["equipment"]
    assert set(entry["conditions"]) <= SLUGS["conditions"]
    for link in ("progression", "regression"):
        if entry.get(link):
            assert entry[link] in SLUGS["exercises"], f"{link} {entry[link]} does not exist"
            assert entry[link] != entry["slug"]


@each(EXERCISES)
def test_it_never_progresses_to_an_easier_exercise(entry):
    if entry.get("progression"):
        assert EXERCISES_BY_SLUG[entry["progression"]]["difficulty"] >= entry["difficulty"]
    if entry.get("regression"):
        assert EXERCISES_BY_SLUG[entry["regression"]]["difficulty"] <= entry["difficulty"]


def test_it_uses_each_slug_once():
    for entries in (ENTRIES, CONDITION_ENTRIES, TEMPLATES, EQUIPMENT):
        repeated = [slug for slug, n in Counter(e["slug"] for e in entries).items() if n > 1]
        assert not repeated


def test_it_has_at_least_sixty_exercises_over_every_region():
    per_region = Counter(entry["body_region"] for entry in EXERCISES)
    assert len(EXERCISES) >= 60
    assert all(per_region[region] >= 6 for region in REGIONS), per_region


def test_it_covers_plantar_fasciitis_in_depth():
    plantar = [entry for entry in EXERCISES if "plantar-fasciitis" in entry["conditions"]]
    slugs = {entry["slug"] for entry in plantar}

    assert len(plantar) >= 12
    assert {entry["exercise_type"] for entry in plantar} == set(ExerciseType.values) - TASK_TYPES
    assert {
        "calf-wall-stretch",
        "soleus-wall-stretch",
        "plantar-fascia-stretch",
        "towel-curls",
        "short-foot",
        "marble-pick-up",
        "arch-ball-roll",
        "frozen-bottle-roll",
        "ankle-alphabet",
        "heel-raise-high-load",
        "single-leg-balance",
    } <= slugs


def test_it_progresses_heel_raises_to_the_high_load_version():
    chain, slug = [], "seated-heel-raise"
    while slug:
        chain.append(slug)
        slug = EXERCISES_BY_SLUG[slug].get("progression")
    assert chain == [
        "seated-heel-raise",
        "heel-raise-double",
        "heel-raise-single",
        "heel-raise-high-load",
    ]
    assert EXERCISES_BY_SLUG["heel-raise-high-load"]["default_reps"] == 12
    assert EXERCISES_BY_SLUG["heel-raise-high-load"]["default_days_per_week"] <= 4


@each(CONDITION_ENTRIES)
def test_it_describes_each_condition_fully(entry):
    missing = [name for name in CONDITION_REQUIRED if not _is_filled(entry.get(name))]
    assert not missing, f"{entry.get('slug')}: missing {missing}"
    assert entry["body_region"] in BodyRegion.values
    assert len(entry["red_flags"]) >= 3
    assert len(entry["summary"]) <= 300
    for name in ("red_flags", "precautions", "when_to_stop"):
        assert all(isinstance(text, str) and 0 < len(text) <= 300 for text in entry[name])


@each(CONDITION_ENTRIES)
def test_it_educates_patients_about_each_condition(entry):
    """What "About your condition" shows, and what it rests on (issue 15)."""
    assert _is_filled(entry.get("how_long"))
    for name in ("what_helps", "daily_life", "sources"):
        texts = entry.get(name)
        assert texts and all(_is_filled(text) and len(text) <= 400 for text in texts), name


@each(CONDITION_ENTRIES)
def test_each_red_flag_is_one_thing_a_patient_can_answer(entry):
    """The weekly check-in asks each as yes or no: one question, short, no list inside."""
    for flag in entry["red_flags"]:
        assert flag.strip().endswith((".", "?")), flag
        assert len(flag) <= 200, flag


def _red_flags_of(slug):
    return " ".join(next(c for c in CONDITION_ENTRIES if c["slug"] == slug)["red_flags"]).lower()


def test_heel_pain_red_flags_include_stress_fracture_nerve_and_medical_clues():
    flags = _red_flags_of("plantar-fasciitis")
    for words in (
        r"squeez",  # pain squeezing the heel from both sides
        r"through the day|as the day goes on|builds",  # pain building with weight-bearing
        r"jump in how much you walk|\brun",  # a recent jump in running or walking
        r"bone",  # low bone density
        r"back|buttock",  # leg symptoms spreading from the back
        r"cancer",
        r"weight",  # unexplained weight loss
        r"injection",  # a sudden tearing pain after an injection
        r"numb|tingl",
    ):
        assert re.search(words, flags), words


def test_neck_pain_red_flags_include_a_sudden_severe_headache():
    assert re.search(r"sudden.*headache|headache.*sudden", _red_flags_of("neck-pain"))


def test_it_has_every_condition_of_the_brief_each_with_a_template():
    assert set(CONDITIONS) <= SLUGS["conditions"]
    with_templates = {template["condition"] for template in TEMPLATES}
    assert SLUGS["conditions"] <= with_templates


@each(TASKS)
def test_each_task_says_what_to_do_when_and_why(entry):
    assert _is_filled(entry.get("today_label")) and len(entry["today_label"]) <= 80
    assert 3 <= len(entry["steps"]) <= 8
    assert entry["sources"] and all(_is_filled(text) for text in entry["sources"])
    assert "default_reps" not in entry and "default_hold_seconds" not in entry
    assert entry["default_sets"] == 1
    assert _within(entry["default_times_per_day"], 1, 6)
    assert _within(entry["default_days_per_week"], 1, 7)


def test_it_has_the_guidelines_non_exercise_care_for_heel_pain():
    heel = {
        slug for slug, task in TASKS_BY_SLUG.items() if "plantar-fasciitis" in task["conditions"]
    }
    assert {
        "night-splint",
        "self-taping-low-dye",
        "insoles-heel-cups",
        "footwear-check",
        "walking-time-plan",
        "walk-run-return",
    } <= heel
    assert any(TASKS_BY_SLUG[slug]["exercise_type"] == "education" for slug in heel)


PLANTAR_PATHWAY = [
    "plantar-fasciitis-early",
    "plantar-fasciitis-intermediate",
    "plantar-fasciitis-late",
    "plantar-fasciitis-return-to-running",
]
TEMPLATES_BY_SLUG = {template["slug"]: template for template in TEMPLATES}


def test_plantar_heel_pain_is_a_pathway_of_phases_by_criteria():
    chain, slug = [], "plantar-fasciitis-early"
    while slug:
        chain.append(slug)
        slug = TEMPLATES_BY_SLUG[slug].get("next_phase")
    assert chain == PLANTAR_PATHWAY
    early = TEMPLATES_BY_SLUG["plantar-fasciitis-early"]
    assert 3 <= len(early["items"]) <= 4  # a calming start the patient can keep up
    assert early["move_on_rule"]["symptom_at_most"] <= 4
    for slug in PLANTAR_PATHWAY:  # criteria, not weeks
        texts = " ".join(TEMPLATES_BY_SLUG[slug]["entry_criteria"])
        assert not re.search(r"\bweeks? \d", texts), texts


def test_the_long_standing_phase_loads_heavily_from_the_start_with_inserts():
    """Rathleff 2015: the strength group did the high-load raise from day one, with inserts."""
    template = TEMPLATES_BY_SLUG["plantar-fasciitis-long-standing"]
    items = {item["exercise"]: item for item in template["items"]}
    assert {"heel-raise-high-load", "insoles-heel-cups"} <= set(items)
    steps = items["heel-raise-high-load"]["dose_steps"]
    assert [(step["from_week"], step.get("sets"), step.get("reps")) for step in steps] == [
        (3, 4, 10),
        (5, 5, 8),
    ]


@each(TEMPLATES)
def test_each_template_states_its_criteria_and_sources(entry):
    assert entry["entry_criteria"] and entry["sources"]
    if entry.get("next_phase"):
        assert entry["next_phase"] in TEMPLATES_BY_SLUG
        assert entry["exit_criteria"], "say when to move on"
    if entry.get("move_on_rule"):
        rule = entry["move_on_rule"]
        assert _within(rule["symptom_at_most"], 0, 10) and _within(rule["days"], 7, 28)


# A number in a note that is not in the item's dose contradicts it ("do 3 sets" next to a
# dose of 4); the words "one leg" next to a two-leg exercise, likewise.
NOTE_NUMBER = re.compile(r"\b\d+\b")


@each(TEMPLATES)
def test_no_note_contradicts_its_items_dose_or_exercise(entry):
    for item in entry["items"]:
        note = item.get("note", "")
        dose = {str(item.get(name)) for name in ("sets", "reps", "hold_seconds", "times_per_day")}
        assert set(NOTE_NUMBER.findall(note)) <= dose, note
        exercise = EXERCISES_BY_SLUG.get(item["exercise"]) or TASKS_BY_SLUG[item["exercise"]]
        steps = " ".join(exercise["steps"]).lower()
        if re.search(r"one leg|single leg", note, re.I):
            assert re.search(r"one leg|single leg|lift the other foot", steps), note


@each(TEMPLATES)
def test_it_builds_each_template_from_catalogue_exercises_with_a_sane_dose(entry):
    assert all(_is_filled(entry.get(name)) for name in ("slug", "name", "description"))
    assert entry["condition"] in SLUGS["conditions"]
    # At most five: adherence falls as programs grow, and the builder warns above five.
    assert 3 <= len(entry["items"]) <= 5
    for item in entry["items"]:
        assert item["exercise"] in SLUGS["exercises"]
        assert _within(item["sets"], 1, 10)
        if item["exercise"] in TASKS_BY_SLUG:  # a schedule is a task's whole dose
            assert item["sets"] == 1 and "reps" not in item and "hold_seconds" not in item
        else:
            assert item.get("reps") is not None or item.get("hold_seconds") is not None
        assert item.get("reps") is None or _within(item["reps"], 1, 100)
        assert item.get("hold_seconds") is None or _within(item["hold_seconds"], 1, 600)
        assert _within(item["times_per_day"], 1, 6)
        assert _within(item.get("rest_seconds", 0), 0, 600)
        days = item["weekdays"]
        assert days == "every day" or (set(days) <= set(WEEKDAY_NAMES) and days)
        assert item.get("side", "") in Side.values


def test_it_passes_the_loaders_own_checks():
    catalogue = read_catalogue()

    assert len(catalogue.entries["exercises"]) == len(ENTRIES)
    assert len(catalogue.entries["templates"]) == len(TEMPLATES)
