"""The `templates` section of the shared catalogue files: program templates and their items.

The catalogue loader lives in `exercises`, which must not import this app; the programs
app registers this section with it at start-up (`ProgramsConfig.ready`), so
`load_catalogue` reads and saves templates after the exercises they use.
"""

from collections import Counter

from exercises.catalogue_loader import (
    Section,
    save_changes,
    shared_rows,
    updated,
    upsert_row,
)
from exercises.catalogue_schema import (
    DAYS,
    ENTRIES,
    MAPPING,
    NUMBER,
    OPTIONAL,
    REQUIRED,
    TEXT,
    TEXTS,
    CatalogueError,
    Entry,
    checked_fields,
    model_check,
)
from programs.models import ALL_WEEKDAYS, WEEKDAY_NAMES, ProgramTemplate, TemplateItem

EVERY_DAY = "every day"
TEMPLATE_FIELDS = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "condition": (TEXT, REQUIRED),
    "phase": (TEXT, OPTIONAL),
    "description": (TEXT, REQUIRED),
    "items": (ENTRIES, REQUIRED),
    # The pathway (programs.review.phases): when to start, when to move on, and to which.
    "entry_criteria": (TEXTS, REQUIRED),
    "exit_criteria": (TEXTS, OPTIONAL),
    "next_phase": (TEXT, OPTIONAL),
    "move_on_rule": (MAPPING, OPTIONAL),
    "sources": (TEXTS, REQUIRED),
}
# A home program longer than this is done less (the builder's ADVISED_MAX_ITEMS).
MAX_TEMPLATE_ITEMS = 5
MOVE_ON_RULE_FIELDS = {"symptom_at_most": (NUMBER, REQUIRED), "days": (NUMBER, REQUIRED)}
DOSE_STEP_FIELDS = {
    "from_week": (NUMBER, REQUIRED),
    "sets": (NUMBER, OPTIONAL),
    "reps": (NUMBER, OPTIONAL),
    "hold_seconds": (NUMBER, OPTIONAL),
    "load": (TEXT, OPTIONAL),
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
    "load": (TEXT, OPTIONAL),
    "dose_steps": (ENTRIES, OPTIONAL),
}


def read_template(raw, *, where: str) -> Entry:
    values = checked_fields(raw, spec=TEMPLATE_FIELDS, where=where)
    raw_items = values.pop("items")
    links = {"condition": values.pop("condition")}
    if "next_phase" in values:
        links["next_phase"] = values.pop("next_phase")
    if len(raw_items) > MAX_TEMPLATE_ITEMS:
        raise CatalogueError(f"{where}, field 'items': at most {MAX_TEMPLATE_ITEMS} items.")
    if "move_on_rule" in values:
        checked_fields(
            values["move_on_rule"], spec=MOVE_ON_RULE_FIELDS, where=f"{where}, move_on_rule"
        )
        if "exit_criteria" not in values:
            raise CatalogueError(f"{where}, field 'exit_criteria': say when to move on in words.")
    values = {"phase": "", "exit_criteria": [], "move_on_rule": {}, **values}
    model_check(ProgramTemplate(**values), where=where, exclude=["clinic"])
    items = [
        _read_item(raw_item, where=f"{where}, item #{order}")
        for order, raw_item in enumerate(raw_items, start=1)
    ]
    references = [
        (where, name, "templates" if name == "next_phase" else "conditions", slug)
        for name, slug in links.items()
    ] + [
        (f"{where}, item #{order}", "exercise", "exercises", exercise)
        for order, (exercise, _values) in enumerate(items, start=1)
    ]
    return Entry(
        where=where,
        slug=values.pop("slug"),
        values=values,
        links=links,
        items=items,
        references=references,
    )


def _read_item(raw, *, where: str) -> tuple[str, dict]:
    values = checked_fields(raw, spec=ITEM_FIELDS, where=where)
    values["weekdays"] = _weekday_mask(values["weekdays"], where=where)
    steps = values.get("dose_steps", [])
    for number, step in enumerate(steps, start=1):
        checked_fields(step, spec=DOSE_STEP_FIELDS, where=f"{where}, dose step #{number}")
    weeks = [step["from_week"] for step in steps]
    if weeks != sorted(set(weeks)) or (weeks and weeks[0] < 2):
        raise CatalogueError(
            f"{where}, field 'dose_steps': from_week must rise, from week 2 on (week 1 is "
            "the item's own dose)."
        )
    values = {
        "reps": None,
        "hold_seconds": None,
        "side": "",
        "rest_seconds": 0,
        "note": "",
        "load": "",
        "dose_steps": [],
        **values,
    }
    exercise = values.pop("exercise")
    model_check(TemplateItem(**values), where=where, exclude=["template", "exercise"])
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


def save_templates(entries: list[Entry], *, rows: dict, counts: Counter) -> dict:
    exercises, conditions = rows["exercises"], rows["conditions"]
    saved = shared_rows(ProgramTemplate, entries, kind="template")
    outcomes = {}
    for entry in entries:
        values = {**entry.values, "condition_id": conditions[entry.links["condition"]].pk}
        outcome = upsert_row(ProgramTemplate, saved, slug=entry.slug, values=values)
        row = saved[entry.slug]
        for order, (slug, item_values) in enumerate(entry.items, start=1):
            _check_item_dose(exercises[slug], item_values, where=f"{entry.where}, item #{order}")
        wanted = [
            {"exercise_id": exercises[slug].pk, "order": order, **item_values}
            for order, (slug, item_values) in enumerate(entry.items, start=1)
        ]
        current = list(row.items.order_by("order", "id").values(*wanted[0]))
        if current != wanted:
            # A template's items are replaced as a whole; programs copied from it keep theirs.
            row.items.all().delete()
            TemplateItem.objects.bulk_create(TemplateItem(template=row, **item) for item in wanted)
            outcome = updated(outcome)
        outcomes[entry.slug] = outcome
    # Next phases once every template exists.
    for entry in entries:
        next_phase = saved[entry.links["next_phase"]] if "next_phase" in entry.links else None
        outcome = outcomes[entry.slug]
        if save_changes(saved[entry.slug], {"next_phase": next_phase}):
            outcome = updated(outcome)
        counts["templates", outcome] += 1
    return saved


def _check_item_dose(exercise, values: dict, *, where: str) -> None:
    """An exercise's item has repetitions or a hold; a task's has neither, one set, and no
    planned dose steps. Raised while saving, so the whole load is undone."""
    amount = values["reps"] is not None or values["hold_seconds"] is not None
    if exercise.is_task and (amount or values["sets"] != 1 or values["dose_steps"]):
        raise CatalogueError(
            f"{where}: '{exercise.slug}' is a task: give sets: 1 and no reps, hold or dose steps."
        )
    if not exercise.is_task and not amount:
        raise CatalogueError(f"{where}, field 'reps': give reps or hold seconds.")


TEMPLATES = Section("templates", "template", read_template, save_templates)
