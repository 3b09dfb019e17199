"""The `templates` section of the shared catalogue files: program templates and their items.

The catalogue loader lives in `exercises`, which must not import this app; the programs
app registers this section with it at start-up (`ProgramsConfig.ready`), so
`load_catalogue` reads and saves templates after the exercises they use.
"""

from collections import Counter

from exercises.catalogue_loader import (
    Section,
    shared_rows,
    updated,
    upsert_row,
)
from exercises.catalogue_schema import (
    DAYS,
    ENTRIES,
    NUMBER,
    OPTIONAL,
    REQUIRED,
    TEXT,
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


def read_template(raw, *, where: str) -> Entry:
    values = checked_fields(raw, spec=TEMPLATE_FIELDS, where=where)
    raw_items = values.pop("items")
    links = {"condition": values.pop("condition")}
    values.setdefault("phase", "")
    model_check(ProgramTemplate(**values), where=where, exclude=["clinic"])
    items = [
        _read_item(raw_item, where=f"{where}, item #{order}")
        for order, raw_item in enumerate(raw_items, start=1)
    ]
    references = [(where, "condition", "conditions", links["condition"])] + [
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
    for entry in entries:
        values = {**entry.values, "condition_id": conditions[entry.links["condition"]].pk}
        outcome = upsert_row(ProgramTemplate, saved, slug=entry.slug, values=values)
        row = saved[entry.slug]
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
        counts["templates", outcome] += 1
    return saved


TEMPLATES = Section("templates", "template", read_template, save_templates)
