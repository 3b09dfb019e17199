"""Writing programs and templates. Every function runs in one transaction: nothing is
half-saved. Items are dicts of the dose fields plus `exercise` (new items) and `series`
(items already in the program); their order in the list is their order in the program."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.dates import local_today, user_timezone
from exercises.dose import default_weekdays, duration_in_words, times_a_day
from programs.models import (
    Prescription,
    Program,
    ProgramChange,
    ProgramStatus,
    ProgramTemplate,
    TemplateItem,
)
from programs.prescribing import status_history
from programs.symptoms import pain_limit_of

DOSE_FIELDS = [
    "sets",
    "reps",
    "hold_seconds",
    "times_per_day",
    "weekdays",
    "side",
    "rest_seconds",
    "note",
    "load",
]
# Dose parts a caller may leave out of an item: nothing to say.
OPTIONAL_DOSE = {"load": ""}
PROGRAM_FIELD_LABELS = {
    "title": "title",
    "condition": "condition",
    "start_date": "start date",
    "end_date": "end date",
    "status": "status",
    "pain_limit": "pain limit",
    "outcome_interval_weeks": "questionnaires every",
}
PROGRAM_FIELDS = list(PROGRAM_FIELD_LABELS)
CATALOGUE_COPY = [
    "name",
    "summary",
    "steps",
    "cues",
    "precautions",
    "contraindication_tags",
    "exercise_type",
    "today_label",
]
ONE_DAY = datetime.timedelta(days=1)


class ProgramChangedElsewhere(Exception):
    """Someone saved the program since this form was loaded; nothing was saved."""


class ExerciseAlreadyInProgram(Exception):
    """The program already has this exercise in effect: a program never holds one twice."""


class ProgramAlreadySaved(Exception):
    """This very builder form was saved before (a double click, a retry): nothing new."""

    def __init__(self, program):
        super().__init__(str(program.pk))
        self.program = program


def _dose(item: dict) -> dict:
    item = OPTIONAL_DOSE | item
    return {field: item[field] for field in DOSE_FIELDS}


def _catalogue_copy(exercise) -> dict:
    return {field: getattr(exercise, field) for field in CATALOGUE_COPY}


def default_dose(exercise) -> dict:
    return {
        "sets": exercise.default_sets,
        "reps": exercise.default_reps,
        "hold_seconds": exercise.default_hold_seconds,
        "times_per_day": exercise.default_times_per_day,
        "weekdays": default_weekdays(exercise.default_days_per_week),
        "side": "",
        "rest_seconds": 0,
        "note": "",
        "load": "",
    }


def _prescribe(program, *, exercise, dose: dict, order: int, valid_from) -> Prescription:
    return Prescription.objects.create(
        program=program,
        exercise=exercise,
        order=order,
        valid_from=valid_from,
        **_catalogue_copy(exercise),
        **dose,
    )


def _field_words(field: str, value) -> str:
    if value is None or value == "":
        return "none"
    if field == "status":
        return ProgramStatus(value).label.lower()
    if isinstance(value, datetime.date):
        return f"{value:%-d %b %Y}"
    if field == "outcome_interval_weeks":
        return f"{value} weeks"
    return str(value)


def _rest_words(seconds: int) -> str:
    return duration_in_words(seconds) if seconds else "none"


def _dose_changes(old, new: dict) -> list[str]:
    """The dose's own words for each changed part: ["3 sets of 10 → 3 sets of 12", …]."""
    words = []
    after = Prescription(**_dose(new))
    if old.amount_text != after.amount_text:
        words.append(f"{old.amount_text} → {after.amount_text}")
    if old.times_per_day != after.times_per_day:
        words.append(f"{times_a_day(old.times_per_day)} → {times_a_day(after.times_per_day)}")
    if old.weekdays != after.weekdays:
        words.append(f"{old.weekday_label} → {after.weekday_label}")
    if old.side != after.side:
        words.append(f"side {old.get_side_display().lower()} → {after.get_side_display().lower()}")
    if old.rest_seconds != after.rest_seconds:
        words.append(f"rest {_rest_words(old.rest_seconds)} → {_rest_words(after.rest_seconds)}")
    if old.note != after.note:
        words.append("note changed")
    return words


def _record_change(program, *, clinician, effective_date, parts: list[str]) -> None:
    program.version += 1
    program.updated_at = timezone.now()
    program.save()
    ProgramChange.objects.create(
        program=program,
        changed_by=clinician,
        effective_date=effective_date,
        summary="; ".join(parts),
    )


def _insert_program(*, clinician, patient, data: dict, submission) -> Program:
    """The new program's row; raises ProgramAlreadySaved if `submission` made one before.

    A unique constraint on (patient, submission) decides between two concurrent posts of one
    form: the second insert waits for the first transaction, then fails and finds that program.
    """
    # A caller may leave the questionnaire interval out: the model's default (4 weeks).
    fields = {f: data[f] for f in PROGRAM_FIELDS if f in data}
    if submission is not None and (
        earlier := Program.objects.filter(submission=submission, patient=patient).first()
    ):
        raise ProgramAlreadySaved(earlier)
    try:
        with transaction.atomic():
            return Program.objects.create(
                patient=patient,
                prescriber=clinician,
                submission=submission,
                template=data.get("template"),
                **fields,
            )
    except IntegrityError:
        earlier = Program.objects.filter(submission=submission, patient=patient).first()
        if submission is None or earlier is None:
            raise
        raise ProgramAlreadySaved(earlier) from None


@transaction.atomic
def create_program(
    *, clinician, patient, data: dict, items: list[dict], submission=None, today=None
) -> Program:
    """A new program with its items, made on the patient-local date `today` (default: the
    patient's today). `submission` (the builder form's one-time id) makes a repeated post of
    the same form raise ProgramAlreadySaved instead of saving twice."""
    if data["status"] == ProgramStatus.COMPLETED and data["end_date"] is None:
        data = data | {"end_date": data["start_date"]}  # made completed: nothing was ever due
    if data.get("pain_limit") is None:
        data = data | {"pain_limit": pain_limit_of(data.get("condition"))}
    program = _insert_program(
        clinician=clinician, patient=patient, data=data, submission=submission
    )
    status_history.begin(program=program, today=today or local_today(patient))
    for order, item in enumerate(items):
        _prescribe(
            program,
            exercise=item["exercise"],
            dose=_dose(item),
            order=order,
            valid_from=program.start_date,
        )
    names = ", ".join(item["exercise"].name for item in items)
    ProgramChange.objects.create(
        program=program,
        changed_by=clinician,
        effective_date=program.start_date,
        summary=f"Program created with {len(items)} exercises: {names}",
    )
    return program


def _check_version(program, *, expected_version, clinician) -> None:
    if program.version == expected_version:
        return
    change = program.changes.select_related("changed_by").first()
    who = change.changed_by if change and change.changed_by else "someone else"
    when = timezone.localtime(change.changed_at if change else program.updated_at)
    when = when.astimezone(user_timezone(clinician))
    raise ProgramChangedElsewhere(
        f"This program was changed by {who} at {when:%H:%M}; "
        "reload to see their changes. Nothing was saved."
    )


def _change_status(program, *, today) -> str:
    """Record the new status in the history. Completing without an end date sets one: the
    day before the completion takes effect (the start date at the earliest), so no later
    day is ever due. Returns words for the change log naming the day the change takes effect
    when that is not `today` (a pause or completion after today's log)."""
    since = status_history.change(program=program, today=today)
    if program.status == ProgramStatus.COMPLETED and program.end_date is None:
        program.end_date = max(since - ONE_DAY, program.start_date)
    return f" from {since:%-d %b %Y}, after today's log" if since > today else ""


def _close(prescription, *, day) -> None:
    """End an item the day before `day`; one that never applied is simply removed."""
    if prescription.valid_from >= day:
        prescription.delete()
    else:
        prescription.valid_until = day - ONE_DAY
        prescription.save(update_fields=["valid_until"])


def _revise(prescription, *, dose: dict, order: int, day) -> list[str]:
    """Give an item `dose` and `order` from `day`. A dose change to an item that began
    before `day` is a new version of its series from `day`, so past days keep the dose they
    had. Returns the change's words for the change log (none for a move alone)."""
    changes = _dose_changes(prescription, dose)
    if changes and prescription.valid_from < day:
        _close(prescription, day=day)
        prescription.pk = None  # a new version of the same series, from `day`
        prescription.valid_from, prescription.valid_until = day, None
        prescription.created_at = timezone.now()
    if changes or prescription.order != order:
        for field, value in _dose(dose).items():
            setattr(prescription, field, value)
        prescription.order = order
        prescription.save()
    return changes


def _follow_start_date(program, *, old_start) -> None:
    """Items that began with the program move with its start date."""
    program.prescriptions.filter(valid_from=old_start, valid_until__isnull=True).update(
        valid_from=program.start_date
    )


@transaction.atomic
def update_program(
    *, clinician, program, expected_version: int, data: dict, items: list[dict], today
) -> Program:
    """Save an edit made on the patient-local date `today`, keeping the dose history.

    Raises ProgramChangedElsewhere (saving nothing) when the program has moved on since
    `expected_version` was loaded.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    _check_version(program, expected_version=expected_version, clinician=clinician)
    parts = []  # the summary lists item changes first
    old = {field: getattr(program, field) for field in PROGRAM_FIELDS}
    for field in PROGRAM_FIELDS:
        setattr(program, field, data.get(field, old[field]))
    if old["start_date"] != program.start_date:
        _follow_start_date(program, old_start=old["start_date"])
        status_history.follow_start_date(program=program)
    since_words = ""
    if old["status"] != program.status:
        since_words = _change_status(program, today=today)
    header_parts = [
        f"{PROGRAM_FIELD_LABELS[field]} {_field_words(field, old[field])} → "
        f"{_field_words(field, getattr(program, field))}"
        + (since_words if field == "status" else "")
        for field in PROGRAM_FIELDS
        if old[field] != getattr(program, field)
    ]

    day = max(today, program.start_date)
    current = {p.series: p for p in program.prescriptions.filter(valid_until__isnull=True)}
    kept = set()
    for order, item in enumerate(items):
        prescription = current.get(item.get("series"))
        if prescription is None:
            if item.get("exercise") is not None:
                _prescribe(
                    program,
                    exercise=item["exercise"],
                    dose=_dose(item),
                    order=order,
                    valid_from=day,
                )
                dose = Prescription(**_dose(item)).amount_text
                parts.append(f"added {item['exercise'].name} ({dose})")
            continue
        kept.add(prescription.series)
        if changes := _revise(prescription, dose=item, order=order, day=day):
            parts.append(f"{prescription.name}: {', '.join(changes)}")
    for series, prescription in current.items():
        if series not in kept:
            _close(prescription, day=day)
            parts.append(f"removed {prescription.name}")

    parts += header_parts
    if parts:
        parts[0] = parts[0][0].upper() + parts[0][1:]
        _record_change(program, clinician=clinician, effective_date=day, parts=parts)
    return program


@transaction.atomic
def change_dose(*, clinician, program, prescription, dose: dict, today) -> Prescription:
    """Give one item `dose` from `today` (a suggestion applied), as the builder's save does:
    a new version of its series, recorded in the change log."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    day = max(today, program.start_date)
    if changes := _revise(prescription, dose=dose, order=prescription.order, day=day):
        parts = [f"{prescription.name}: {', '.join(changes)}"]
        _record_change(program, clinician=clinician, effective_date=day, parts=parts)
    return prescription


@transaction.atomic
def replace_exercise(
    *, clinician, program, prescription, new_exercise, dose: dict, today
) -> Prescription:
    """Swap one item for another catalogue exercise (a progression or regression) at `dose`
    from `today`, in the same place; the old item keeps its history. Raises
    ExerciseAlreadyInProgram, saving nothing, when the program already has that exercise."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    day = max(today, program.start_date)
    if program.prescriptions.in_effect_on(day).filter(exercise=new_exercise).exists():
        raise ExerciseAlreadyInProgram(new_exercise.name)
    _close(prescription, day=day)
    replacement = _prescribe(
        program, exercise=new_exercise, dose=_dose(dose), order=prescription.order, valid_from=day
    )
    _record_change(
        program,
        clinician=clinician,
        effective_date=day,
        parts=[f"{prescription.name} replaced by {new_exercise.name} ({replacement.dose_text})"],
    )
    return replacement


def _save_template_items(template, items: list[dict]) -> None:
    template.items.all().delete()
    TemplateItem.objects.bulk_create(
        TemplateItem(template=template, exercise=item["exercise"], order=order, **_dose(item))
        for order, item in enumerate(items)
    )


@transaction.atomic
def save_as_template(*, clinician, program, name: str) -> ProgramTemplate:
    template = ProgramTemplate.objects.create(
        clinic=clinician.clinic, name=name, condition=program.condition, created_by=clinician
    )
    current = program.prescriptions.filter(valid_until__isnull=True, exercise__isnull=False)
    _save_template_items(
        template,
        [{"exercise": p.exercise} | {f: getattr(p, f) for f in DOSE_FIELDS} for p in current],
    )
    return template


@transaction.atomic
def update_template(*, clinician, template, data: dict, items: list[dict]) -> ProgramTemplate:
    for field, value in data.items():
        setattr(template, field, value)
    template.updated_at = timezone.now()
    template.save()
    _save_template_items(template, items)
    return template


def set_template_archived(*, template, archived: bool) -> None:
    template.is_archived = archived
    template.updated_at = timezone.now()
    template.save(update_fields=["is_archived", "updated_at"])
