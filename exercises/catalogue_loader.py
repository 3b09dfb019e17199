"""The shared catalogue: YAML files in `exercises/catalogue/`, read and saved by slug.

`read_catalogue()` parses every file and stops at the first bad entry with a CatalogueError
that names the file, the entry and the field. `load_catalogue()` writes a checked catalogue
in one transaction: it inserts or updates shared rows by slug, never deletes a row, and
never touches a clinic's own exercises or templates. Rows that already match the files are
left alone, so a second run changes nothing.

Each file holds any of the top-level lists (sections) `equipment`, `conditions`,
`exercises` and `templates`. This app reads and saves the first three. A section whose rows
belong to a higher app (programs' templates) is registered by that app with
`register_section()`: the files stay one reviewable catalogue while this app never imports
the apps built on it.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from exercises.catalogue_schema import (
    CatalogueError,
    Entry,
    read_condition,
    read_equipment,
    read_exercise,
)
from exercises.illustrations import has_illustration, image_metadata
from exercises.models import Condition, Equipment, Exercise

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
OUTCOMES = CREATED, UPDATED, UNCHANGED = ("created", "updated", "unchanged")


@dataclass(frozen=True)
class Section:
    """One top-level list of the catalogue files.

    `read(raw, where=...)` checks one entry and returns it as an Entry; `save(entries,
    rows=..., counts=...)` saves the checked entries, given the rows saved before it by
    section name and slug, counts each (section, outcome) and returns its rows by slug.
    """

    name: str
    kind: str  # how errors name one entry: "exercise"
    read: Callable[..., Entry]
    save: Callable[..., dict]


@dataclass
class Catalogue:
    """Checked entries by section name, in the order the sections are saved."""

    entries: dict[str, list[Entry]]


def read_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Parse and check every `*.yaml` file in `directory`; raise CatalogueError on a bad one."""
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise CatalogueError(f"{directory}: no catalogue files (*.yaml) found.")
    catalogue = Catalogue(entries={name: [] for name in _SECTIONS})
    for path in files:
        for name, raw_entries in _read_file(path).items():
            section = _SECTIONS[name]
            for index, raw in enumerate(raw_entries, start=1):
                where = _name_entry(raw, file=path.name, kind=section.kind, index=index)
                catalogue.entries[name].append(section.read(raw, where=where))
    _check_references(catalogue)
    _check_image_licences(catalogue)
    return catalogue


def section_names() -> list[str]:
    return list(_SECTIONS)


def _read_file(path: Path) -> dict:
    names = ", ".join(_SECTIONS)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(content, dict) or not content:
        raise CatalogueError(f"{path.name}: expected top-level lists named {names}.")
    for section, entries in content.items():
        if section not in _SECTIONS:
            raise CatalogueError(f"{path.name}: unknown section '{section}' (expected {names}).")
        if not isinstance(entries, list):
            raise CatalogueError(f"{path.name}: '{section}' must be a list of entries.")
    return content


def _name_entry(raw, *, file: str, kind: str, index: int) -> str:
    """How errors name an entry: by its slug when it has one, else by its position."""
    slug = raw.get("slug") if isinstance(raw, dict) else None
    if isinstance(slug, str) and slug:
        return f"{file}, {kind} '{slug}'"
    return f"{file}, {kind} #{index}"


def _check_references(catalogue: Catalogue) -> None:
    """Slugs are unique per section, and every slug an entry names exists in the files."""
    known = {}
    for name, entries in catalogue.entries.items():
        seen = {}
        for entry in entries:
            if entry.slug in seen:
                raise CatalogueError(
                    f"{entry.where}: slug '{entry.slug}' is also used by {seen[entry.slug]}."
                )
            seen[entry.slug] = entry.where
        known[name] = seen
    for entries in catalogue.entries.values():
        for entry in entries:
            for where, name, section, slugs in entry.references:
                for slug in [slugs] if isinstance(slugs, str) else slugs:
                    if slug not in known[section]:
                        raise CatalogueError(
                            f"{where}, field '{name}': no {section} entry has slug '{slug}'."
                        )


IMAGE_CREDITS = ("author", "licence", "source")


def _check_image_licences(catalogue: Catalogue) -> None:
    """Every drawn exercise says who drew it, under which licence, from where: we may only
    show what we may share. Exercises not drawn yet pass, while the regions are drawn."""
    for entry in catalogue.entries["exercises"]:
        if not has_illustration(entry.slug):
            continue
        credits = image_metadata(entry.slug)
        missing = [name for name in IMAGE_CREDITS if not credits.get(name)]
        if missing:
            raise CatalogueError(
                f"{entry.where}: its drawing has no {', '.join(missing)} (image_metadata)."
            )


@transaction.atomic
def load_catalogue(*, catalogue: Catalogue) -> Counter:
    """Insert or update the shared catalogue by slug, section by section so links resolve.

    Returns how many rows of each section were created, updated or left unchanged, keyed by
    (section, outcome).
    """
    counts = Counter()
    rows = {}
    for name, section in _SECTIONS.items():
        rows[name] = section.save(catalogue.entries[name], rows=rows, counts=counts)
    return counts


# Saving, shared by every section.


def save_changes(row, values: dict) -> bool:
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


def upsert_row(model, rows: dict, *, slug: str, values: dict) -> str:
    """Create the row for `slug` in `rows`, or bring the existing one up to date."""
    row = rows.get(slug)
    if row is None:
        rows[slug] = model.objects.create(slug=slug, **values)
        return CREATED
    return UPDATED if save_changes(row, values) else UNCHANGED


def updated(outcome: str) -> str:
    """The outcome once a row's links or items changed too: a new row stays created."""
    return UPDATED if outcome == UNCHANGED else outcome


def shared_rows(model, entries: list[Entry], *, kind: str) -> dict:
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


def _plain_saver(model, name: str) -> Callable[..., dict]:
    def save(entries: list[Entry], *, rows: dict, counts: Counter) -> dict:
        saved = model.objects.in_bulk([entry.slug for entry in entries], field_name="slug")
        for entry in entries:
            counts[name, upsert_row(model, saved, slug=entry.slug, values=entry.values)] += 1
        return saved

    return save


def _save_exercises(entries: list[Entry], *, rows: dict, counts: Counter) -> dict:
    equipment, conditions = rows["equipment"], rows["conditions"]
    saved = shared_rows(Exercise, entries, kind="exercise")
    current_links = {
        exercise.pk: (
            {item.slug for item in exercise.equipment.all()},
            {item.slug for item in exercise.conditions.all()},
        )
        for exercise in Exercise.objects.filter(
            pk__in=[row.pk for row in saved.values()]
        ).prefetch_related("equipment", "conditions")
    }
    outcomes = {}
    # Pass 1: the rows and their many-to-many links.
    for entry in entries:
        outcome = upsert_row(Exercise, saved, slug=entry.slug, values=entry.values)
        row = saved[entry.slug]
        wanted = (set(entry.links.get("equipment", [])), set(entry.links["conditions"]))
        if current_links.get(row.pk) != wanted:
            row.equipment.set([equipment[slug] for slug in wanted[0]])
            row.conditions.set([conditions[slug] for slug in wanted[1]])
            outcome = updated(outcome)
        outcomes[entry.slug] = outcome
    # Pass 2: progressions and regressions, now that every exercise exists.
    for entry in entries:
        steps = {
            f"{name}_id": saved[entry.links[name]].pk if name in entry.links else None
            for name in ("progression", "regression")
        }
        outcome = outcomes[entry.slug]
        if save_changes(saved[entry.slug], steps):
            outcome = updated(outcome)
        counts["exercises", outcome] += 1
    return saved


# In the order they are saved: a section may only use the rows of those before it.
_SECTIONS = {
    section.name: section
    for section in (
        Section("equipment", "equipment", read_equipment, _plain_saver(Equipment, "equipment")),
        Section("conditions", "condition", read_condition, _plain_saver(Condition, "conditions")),
        Section("exercises", "exercise", read_exercise, _save_exercises),
    )
}


def register_section(section: Section) -> None:
    """Add a higher app's section, saved after this app's (called from its AppConfig.ready)."""
    _SECTIONS.setdefault(section.name, section)
