"""The shared catalogue: YAML files in `exercises/catalogue/`, checked and loaded by slug.

`read_catalogue()` parses every file and stops at the first bad entry with a CatalogueError
that names the file, the entry and the field. `load_catalogue()` writes a checked catalogue
in one transaction: it inserts or updates shared rows by slug, never deletes a row, and
never touches a clinic's own exercises or templates. Rows that already match the files are
left alone, so a second run changes nothing.

Each file holds any of the top-level lists `equipment`, `conditions`, `exercises` and
`templates`; the field names are the model field names.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from exercises.models import Condition, Equipment, Exercise
from programs.models import ALL_WEEKDAYS, WEEKDAY_NAMES, ProgramTemplate, TemplateItem

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
EVERY_DAY = "every day"
MIN_STEPS, MAX_STEPS = 3, 8


class CatalogueError(Exception):
    """A catalogue file that cannot be loaded; the message says where and why."""


# How present a field must be: REQUIRED means present and not empty, LISTED means present
# (an empty list is a real answer, e.g. no equipment), OPTIONAL may be left out.
REQUIRED, LISTED, OPTIONAL = "required", "listed", "optional"
TEXT, TEXTS, NUMBER, ENTRIES, DAYS = "text", "list of texts", "number", "list of entries", "days"
PYTHON_TYPES = {TEXT: str, TEXTS: list, NUMBER: int, ENTRIES: list, DAYS: (str, list)}

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
}
EXERCISE_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "summary": (TEXT, REQUIRED),
    "steps": (TEXTS, REQUIRED),
    "cues": (TEXTS, REQUIRED),
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
    "precautions": (TEXT, REQUIRED),
    "contraindications": (TEXT, OPTIONAL),
    "progression": (TEXT, OPTIONAL),
    "regression": (TEXT, OPTIONAL),
    "video_url": (TEXT, OPTIONAL),
}
TEMPLATE_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "condition": (TEXT, REQUIRED),
    "phase": (TEXT, OPTIONAL),
    "description": (TEXT, REQUIRED),
    "items": (ENTRIES, REQUIRED),
}
ITEM_FIELDS = {
    "exercise": (TEXT, REQUIRED),
    "sets": (NUMBER, REQUIRED),
    "reps": (NUMBER, OPTIONAL),
    "hold_seconds": (NUMBER, OPTIONAL),
    "times_per_day": (NUMBER, REQUIRED),
    "weekdays": (DAYS, REQUIRED),
    "side": (TEXT, OPTIONAL),
    "rest_seconds": (NUMBER, OPTIONAL),
    "note": (TEXT, OPTIONAL),
}
# Slug references an entry holds, and which kind of entry they name.
EXERCISE_LINKS = {
    "equipment": "equipment",
    "conditions": "conditions",
    "progression": "exercises",
    "regression": "exercises",
}
SECTIONS = ("equipment", "conditions", "exercises", "templates")


@dataclass
class Entry:
    where: str  # "knee.yaml, exercise 'wall-sit'": how errors name this entry
    slug: str
    values: dict  # model field values, ready to save
    links: dict = field(default_factory=dict)  # field -> slug or list of slugs
    items: list = field(default_factory=list)  # a template's items: (exercise slug, values)


@dataclass
class Catalogue:
    equipment: list[Entry] = field(default_factory=list)
    conditions: list[Entry] = field(default_factory=list)
    exercises: list[Entry] = field(default_factory=list)
    templates: list[Entry] = field(default_factory=list)


def read_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Parse and check every `*.yaml` file in `directory`; raise CatalogueError on a bad one."""
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise CatalogueError(f"{directory}: no catalogue files (*.yaml) found.")
    catalogue = Catalogue()
    for path in files:
        for section, raw_entries in _read_file(path).items():
            reader, kind = _READERS[section]
            for index, raw in enumerate(raw_entries, start=1):
                where = _name_entry(raw, file=path.name, kind=kind, index=index)
                getattr(catalogue, section).append(reader(raw, where=where))
    _check_references(catalogue)
    return catalogue


def _read_file(path: Path) -> dict:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(content, dict) or not content:
        raise CatalogueError(f"{path.name}: expected top-level lists named {', '.join(SECTIONS)}.")
    for section, entries in content.items():
        if section not in SECTIONS:
            raise CatalogueError(
                f"{path.name}: unknown section '{section}' (expected {', '.join(SECTIONS)})."
            )
        if not isinstance(entries, list):
            raise CatalogueError(f"{path.name}: '{section}' must be a list of entries.")
    return content


def _name_entry(raw, *, file: str, kind: str, index: int) -> str:
    """How errors name an entry: by its slug when it has one, else by its position."""
    slug = raw.get("slug") if isinstance(raw, dict) else None
    if isinstance(slug, str) and slug:
        return f"{file}, {kind} '{slug}'"
    return f"{file}, {kind} #{index}"


def _checked_fields(raw, *, spec: dict, where: str) -> dict:
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


def _model_check(instance, *, where: str, exclude: list[str]) -> None:
    """Apply the model's own field rules (choices, lengths, ranges) to an unsaved row."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CatalogueError(f"{where}, field '{name}': {' '.join(messages)}") from error


def _read_equipment(raw, *, where: str) -> Entry:
    values = _checked_fields(raw, spec=EQUIPMENT_FIELDS, where=where)
    _model_check(Equipment(**values), where=where, exclude=[])
    return Entry(where=where, slug=values.pop("slug"), values=values)


def _read_condition(raw, *, where: str) -> Entry:
    values = _checked_fields(raw, spec=CONDITION_FIELDS, where=where)
    _model_check(Condition(**values), where=where, exclude=[])
    return Entry(where=where, slug=values.pop("slug"), values=values)


def _read_exercise(raw, *, where: str) -> Entry:
    values = _checked_fields(raw, spec=EXERCISE_FIELDS, where=where)
    links = {name: values.pop(name) for name in EXERCISE_LINKS if name in values}
    if not MIN_STEPS <= len(values["steps"]) <= MAX_STEPS:
        raise CatalogueError(f"{where}, field 'steps': needs {MIN_STEPS} to {MAX_STEPS} steps.")
    if "default_reps" not in values and "default_hold_seconds" not in values:
        raise CatalogueError(f"{where}, field 'default_reps': give reps or hold seconds.")
    if values["slug"] in (links.get("progression"), links.get("regression")):
        raise CatalogueError(f"{where}: an exercise cannot progress or regress to itself.")
    if not 1 <= values["default_days_per_week"] <= 7:
        raise CatalogueError(f"{where}, field 'default_days_per_week': must be 1 to 7.")
    values = {"contraindications": "", "video_url": "", **values}
    values.setdefault("default_reps", None)
    values.setdefault("default_hold_seconds", None)
    _model_check(Exercise(**values), where=where, exclude=[])
    return Entry(where=where, slug=values.pop("slug"), values=values, links=links)


def _read_template(raw, *, where: str) -> Entry:
    values = _checked_fields(raw, spec=TEMPLATE_FIELDS, where=where)
    raw_items = values.pop("items")
    links = {"condition": values.pop("condition")}
    values.setdefault("phase", "")
    _model_check(ProgramTemplate(**values), where=where, exclude=["clinic"])
    items = [
        _read_item(raw_item, where=f"{where}, item #{order}")
        for order, raw_item in enumerate(raw_items, start=1)
    ]
    return Entry(where=where, slug=values.pop("slug"), values=values, links=links, items=items)


def _read_item(raw, *, where: str) -> tuple[str, dict]:
    values = _checked_fields(raw, spec=ITEM_FIELDS, where=where)
    if "reps" not in values and "hold_seconds" not in values:
        raise CatalogueError(f"{where}, field 'reps': give reps or hold seconds.")
    values["weekdays"] = _weekday_mask(values["weekdays"], where=where)
    values = {
        "reps": None,
        "hold_seconds": None,
        "side": "",
        "rest_seconds": 0,
        "note": "",
        **values,
    }
    exercise = values.pop("exercise")
    _model_check(TemplateItem(**values), where=where, exclude=["template", "exercise"])
    return exercise, values


def _weekday_mask(days, *, where: str) -> int:
    """Turn `every day` or a list of day names (Mon … Sun) into the models' bit mask."""
    if days == EVERY_DAY:
        return ALL_WEEKDAYS
    names = days if isinstance(days, list) else []
    if names and all(name in WEEKDAY_NAMES for name in names) and len(set(names)) == len(names):
        return sum(1 << WEEKDAY_NAMES.index(name) for name in names)
    raise CatalogueError(
        f"{where}, field 'weekdays': use \"{EVERY_DAY}\" or a list of distinct days from "
        f"{', '.join(WEEKDAY_NAMES)}."
    )


_READERS = {
    "equipment": (_read_equipment, "equipment"),
    "conditions": (_read_condition, "condition"),
    "exercises": (_read_exercise, "exercise"),
    "templates": (_read_template, "template"),
}


def _check_references(catalogue: Catalogue) -> None:
    """Slugs are unique per kind, and every slug an entry names exists in the files."""
    known = {}
    for section in SECTIONS:
        seen = {}
        for entry in getattr(catalogue, section):
            if entry.slug in seen:
                raise CatalogueError(
                    f"{entry.where}: slug '{entry.slug}' is also used by {seen[entry.slug]}."
                )
            seen[entry.slug] = entry.where
        known[section] = seen
    # (where, field, section the slugs must be in, one slug or a list of them)
    references = [
        (entry.where, name, EXERCISE_LINKS[name], entry.links[name])
        for entry in catalogue.exercises
        for name in entry.links
    ]
    for template in catalogue.templates:
        references.append((template.where, "condition", "conditions", template.links["condition"]))
        for order, (exercise, _values) in enumerate(template.items, start=1):
            references.append(
                (f"{template.where}, item #{order}", "exercise", "exercises", exercise)
            )
    for where, name, section, slugs in references:
        for slug in [slugs] if isinstance(slugs, str) else slugs:
            if slug not in known[section]:
                raise CatalogueError(
                    f"{where}, field '{name}': no {section} entry has slug '{slug}'."
                )


OUTCOMES = CREATED, UPDATED, UNCHANGED = ("created", "updated", "unchanged")


@transaction.atomic
def load_catalogue(*, catalogue: Catalogue) -> Counter:
    """Insert or update the shared catalogue by slug, in two passes so links resolve.

    Returns how many rows of each section were created, updated or left unchanged, keyed by
    (section, outcome).
    """
    counts = Counter()
    equipment = _upsert_plain(Equipment, catalogue.equipment, counts=counts, section="equipment")
    conditions = _upsert_plain(Condition, catalogue.conditions, counts=counts, section="conditions")
    exercises = _upsert_exercises(
        catalogue.exercises, equipment=equipment, conditions=conditions, counts=counts
    )
    _upsert_templates(
        catalogue.templates, exercises=exercises, conditions=conditions, counts=counts
    )
    return counts


def _save_changes(row, values: dict) -> bool:
    """Copy `values` onto an existing row and save it if anything differs."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(row, name, values[name])
    if hasattr(row, "updated_at"):
        row.updated_at = timezone.now()
    row.save()
    return True


def _upsert_row(model, rows: dict, *, slug: str, values: dict) -> str:
    """Create the row for `slug` in `rows`, or bring the existing one up to date."""
    row = rows.get(slug)
    if row is None:
        rows[slug] = model.objects.create(slug=slug, **values)
        return CREATED
    return UPDATED if _save_changes(row, values) else UNCHANGED


def _updated(outcome: str) -> str:
    """The outcome once a row's links or items changed too: a new row stays created."""
    return UPDATED if outcome == UNCHANGED else outcome


def _upsert_plain(model, entries: list[Entry], *, counts: Counter, section: str) -> dict:
    rows = model.objects.in_bulk([entry.slug for entry in entries], field_name="slug")
    for entry in entries:
        counts[section, _upsert_row(model, rows, slug=entry.slug, values=entry.values)] += 1
    return rows


def _shared_rows(model, entries: list[Entry], *, kind: str) -> dict:
    """Existing shared rows by slug; a clinic's own row holding a catalogue slug is an error,
    because slugs are unique and the loader must not take over what a clinic made."""
    rows = model.objects.in_bulk([entry.slug for entry in entries], field_name="slug")
    for slug, row in rows.items():
        if row.clinic_id is not None:
            raise CatalogueError(
                f"{kind} '{slug}': a clinic's own {kind} already uses this slug; "
                "rename one of them and load again."
            )
    return rows


def _upsert_exercises(entries, *, equipment, conditions, counts: Counter) -> dict:
    rows = _shared_rows(Exercise, entries, kind="exercise")
    current_links = {
        exercise.pk: (
            {item.slug for item in exercise.equipment.all()},
            {item.slug for item in exercise.conditions.all()},
        )
        for exercise in Exercise.objects.filter(
            pk__in=[row.pk for row in rows.values()]
        ).prefetch_related("equipment", "conditions")
    }
    outcomes = {}
    # Pass 1: the rows and their many-to-many links.
    for entry in entries:
        outcome = _upsert_row(Exercise, rows, slug=entry.slug, values=entry.values)
        row = rows[entry.slug]
        wanted = (set(entry.links.get("equipment", [])), set(entry.links["conditions"]))
        if current_links.get(row.pk) != wanted:
            row.equipment.set([equipment[slug] for slug in wanted[0]])
            row.conditions.set([conditions[slug] for slug in wanted[1]])
            outcome = _updated(outcome)
        outcomes[entry.slug] = outcome
    # Pass 2: progressions and regressions, now that every exercise exists.
    for entry in entries:
        steps = {
            f"{name}_id": rows[entry.links[name]].pk if name in entry.links else None
            for name in ("progression", "regression")
        }
        outcome = outcomes[entry.slug]
        if _save_changes(rows[entry.slug], steps):
            outcome = _updated(outcome)
        counts["exercises", outcome] += 1
    return rows


def _upsert_templates(entries, *, exercises, conditions, counts: Counter) -> None:
    rows = _shared_rows(ProgramTemplate, entries, kind="template")
    for entry in entries:
        values = {**entry.values, "condition_id": conditions[entry.links["condition"]].pk}
        outcome = _upsert_row(ProgramTemplate, rows, slug=entry.slug, values=values)
        row = rows[entry.slug]
        wanted = [
            {"exercise_id": exercises[slug].pk, "order": order, **item_values}
            for order, (slug, item_values) in enumerate(entry.items, start=1)
        ]
        current = list(row.items.order_by("order", "id").values(*wanted[0]))
        if current != wanted:
            # A template's items are replaced as a whole; programs copied from it keep theirs.
            row.items.all().delete()
            TemplateItem.objects.bulk_create(TemplateItem(template=row, **item) for item in wanted)
            outcome = _updated(outcome)
        counts["templates", outcome] += 1
