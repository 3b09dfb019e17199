"""What an entry of the catalogue files may hold, and how one entry is checked.

Each entry is checked on its own here (fields present, of the right type, within the model's
own rules); `catalogue_loader` reads the files, checks the slugs entries name across files
and saves. The field names are the model field names.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from accounts.health import HealthFactor
from exercises.dose import most_days_a_week
from exercises.models import Condition, Equipment, Exercise, is_task_type

MIN_STEPS, MAX_STEPS = 3, 8


class CatalogueError(Exception):
    """A catalogue file that cannot be loaded; the message says where and why."""


# How present a field must be: REQUIRED means present and not empty, LISTED means present
# (an empty list is a real answer, e.g. no equipment), OPTIONAL may be left out.
REQUIRED, LISTED, OPTIONAL = "required", "listed", "optional"
TEXT, TEXTS, NUMBER, ENTRIES, DAYS = "text", "list of texts", "number", "list of entries", "days"
MAPPING = "mapping of name: value"
PYTHON_TYPES = {
    TEXT: str,
    TEXTS: list,
    NUMBER: int,
    ENTRIES: list,
    DAYS: (str, list),
    MAPPING: dict,
}

EQUIPMENT_FIELDS = {"slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED)}
CONDITION_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "summary": (TEXT, REQUIRED),
    "description": (TEXT, REQUIRED),
    "body_region": (TEXT, REQUIRED),
    "red_flags": (TEXTS, REQUIRED),
    "precautions": (TEXTS, REQUIRED),
    "when_to_stop": (TEXTS, REQUIRED),
    "symptom_question": (TEXT, OPTIONAL),
    "symptom_label": (TEXT, OPTIONAL),
    "default_pain_limit": (NUMBER, OPTIONAL),
    # What the patient reads on "About your condition", and what it rests on.
    "how_long": (TEXT, REQUIRED),
    "what_helps": (TEXTS, REQUIRED),
    "daily_life": (TEXTS, REQUIRED),
    "sources": (TEXTS, REQUIRED),
}
EXERCISE_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "summary": (TEXT, REQUIRED),
    "steps": (TEXTS, REQUIRED),
    "cues": (TEXTS, LISTED),  # required for exercises; a task may have none
    "body_region": (TEXT, REQUIRED),
    "exercise_type": (TEXT, REQUIRED),
    "equipment": (TEXTS, LISTED),
    "conditions": (TEXTS, REQUIRED),
    "difficulty": (NUMBER, REQUIRED),
    "default_sets": (NUMBER, REQUIRED),
    "default_reps": (NUMBER, OPTIONAL),
    "default_hold_seconds": (NUMBER, OPTIONAL),
    "default_times_per_day": (NUMBER, REQUIRED),
    "default_days_per_week": (NUMBER, REQUIRED),
    "min_rest_days": (NUMBER, OPTIONAL),
    "precautions": (TEXT, REQUIRED),
    "contraindications": (TEXT, OPTIONAL),
    "contraindication_tags": (TEXTS, OPTIONAL),
    "progression": (TEXT, OPTIONAL),
    "regression": (TEXT, OPTIONAL),
    "video_url": (TEXT, OPTIONAL),
    "today_label": (TEXT, OPTIONAL),  # tasks only, and required there
    "sources": (TEXTS, OPTIONAL),  # required for tasks
}
# A task's dose is its schedule (exercises.models.TASK_TYPES).
TASK_ONLY = ("today_label", "sources")
NOT_FOR_TASKS = {"default_reps": "repetitions", "default_hold_seconds": "hold"}
# Slug references an exercise holds, and which section the entries they name are in.
EXERCISE_LINKS = {
    "equipment": "equipment",
    "conditions": "conditions",
    "progression": "exercises",
    "regression": "exercises",
}


@dataclass
class Entry:
    where: str  # "knee.yaml, exercise 'wall-sit'": how errors name this entry
    slug: str
    values: dict  # model field values, ready to save
    links: dict = field(default_factory=dict)  # field -> slug or list of slugs
    items: list = field(default_factory=list)  # entries nested in this one, read by its section
    # Every slug the entry names, checked once all files are read:
    # (where, field, section the slugs must be in, one slug or a list of them).
    references: list = field(default_factory=list)


def checked_fields(raw, *, spec: dict, where: str) -> dict:
    """Check presence and types against `spec`; return the fields that have a value."""
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected a mapping of field: value.")
    unknown = sorted(set(raw) - set(spec))
    if unknown:
        raise CatalogueError(f"{where}, field '{unknown[0]}': not a known field (a typo?).")
    for name, (kind, presence) in spec.items():
        value = raw.get(name)
        if presence == OPTIONAL and value in (None, ""):
            continue
        if name not in raw or (presence == REQUIRED and value in (None, "", [])):
            raise CatalogueError(f"{where}, field '{name}': missing or empty.")
        if isinstance(value, bool) or not isinstance(value, PYTHON_TYPES[kind]):
            raise CatalogueError(f"{where}, field '{name}': should be a {kind}.")
        if kind == TEXTS and not all(isinstance(text, str) and text.strip() for text in value):
            raise CatalogueError(f"{where}, field '{name}': every item must be non-empty text.")
    return {name: value for name, value in raw.items() if value not in (None, "")}


def model_check(instance, *, where: str, exclude: list[str]) -> None:
    """Apply the model's own field rules (choices, lengths, ranges) to an unsaved row."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CatalogueError(f"{where}, field '{name}': {' '.join(messages)}") from error


def read_equipment(raw, *, where: str) -> Entry:
    values = checked_fields(raw, spec=EQUIPMENT_FIELDS, where=where)
    model_check(Equipment(**values), where=where, exclude=[])
    return Entry(where=where, slug=values.pop("slug"), values=values)


def read_condition(raw, *, where: str) -> Entry:
    values = checked_fields(raw, spec=CONDITION_FIELDS, where=where)
    # The question and the name of its score go together: flags would name one, the log
    # form ask another.
    if ("symptom_question" in values) != ("symptom_label" in values):
        raise CatalogueError(
            f"{where}, field 'symptom_label': give the symptom question and its label together."
        )
    values = {"symptom_question": "", "symptom_label": "", "default_pain_limit": None, **values}
    model_check(Condition(**values), where=where, exclude=[])
    return Entry(where=where, slug=values.pop("slug"), values=values)


def read_exercise(raw, *, where: str) -> Entry:
    values = checked_fields(raw, spec=EXERCISE_FIELDS, where=where)
    links = {name: values.pop(name) for name in EXERCISE_LINKS if name in values}
    if not MIN_STEPS <= len(values["steps"]) <= MAX_STEPS:
        raise CatalogueError(f"{where}, field 'steps': needs {MIN_STEPS} to {MAX_STEPS} steps.")
    _check_task_fields(values, where=where)
    if values["slug"] in (links.get("progression"), links.get("regression")):
        raise CatalogueError(f"{where}: an exercise cannot progress or regress to itself.")
    if not 1 <= values["default_days_per_week"] <= 7:
        raise CatalogueError(f"{where}, field 'default_days_per_week': must be 1 to 7.")
    unknown = sorted(set(values.get("contraindication_tags", [])) - set(HealthFactor.values))
    if unknown:
        raise CatalogueError(
            f"{where}, field 'contraindication_tags': unknown tag '{unknown[0]}' "
            f"(known: {', '.join(HealthFactor.values)})."
        )
    if "contraindication_tags" in values:  # in the vocabulary's order, each once
        tags = set(values["contraindication_tags"])
        values["contraindication_tags"] = [tag for tag in HealthFactor.values if tag in tags]
    values = {
        "contraindications": "",
        "contraindication_tags": [],
        "video_url": "",
        "today_label": "",
        "sources": [],
        "min_rest_days": 0,
        **values,
    }
    values.setdefault("default_reps", None)
    values.setdefault("default_hold_seconds", None)
    model_check(Exercise(**values), where=where, exclude=[])
    if values["default_days_per_week"] > (most := most_days_a_week(values["min_rest_days"])):
        raise CatalogueError(
            f"{where}, field 'default_days_per_week': with {values['min_rest_days']} rest "
            f"day(s) between sessions a week has room for {most} days."
        )
    references = [(where, name, EXERCISE_LINKS[name], slugs) for name, slugs in links.items()]
    return Entry(
        where=where, slug=values.pop("slug"), values=values, links=links, references=references
    )


def _check_task_fields(values: dict, *, where: str) -> None:
    """A task names its Today line and sources and has no repetitions or hold; an exercise
    has cues and repetitions or a hold, and no Today line of its own."""
    if is_task_type(values.get("exercise_type")):
        for name in TASK_ONLY:
            if not values.get(name):
                raise CatalogueError(f"{where}, field '{name}': a task needs it.")
        for name, words in NOT_FOR_TASKS.items():
            if name in values:
                raise CatalogueError(f"{where}, field '{name}': a task has no {words}.")
        return
    if not values["cues"]:
        raise CatalogueError(f"{where}, field 'cues': missing or empty.")
    if "default_reps" not in values and "default_hold_seconds" not in values:
        raise CatalogueError(f"{where}, field 'default_reps': give reps or hold seconds.")
    if "today_label" in values:
        raise CatalogueError(f"{where}, field 'today_label': only tasks have one.")
