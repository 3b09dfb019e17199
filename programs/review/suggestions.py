"""What the pain-monitoring rules suggest for a patient's exercises, and applying one.

The rules, in plain words, are in `docs/clinical-rules.md` ("Suggestions"):
- a regression only while a red flag (pain during exercise above the limit) or an amber
  "flare the next morning" is open, aimed at the exercise the patient named as hurting most
  on those days, while that item is still as it was then: a smaller dose first, a swap to
  the catalogue regression second. No exercise named: no item-specific suggestion, a note;
- a progression only while "ready to progress" is open and no red or amber flag is (so
  never together with a regression), for an item on its current dose for the whole progress
  window: a swap to the catalogue progression, or a larger dose when the program already has
  that exercise. A swap never brings in an exercise the program already has.

Applying recomputes the suggestion under the program's lock and applies it only if it is
still offered and still the same change (its token): a stale page or a forged post is
refused with nothing saved. The doses themselves are `dose_steps`.
"""

import datetime
import enum
import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from accounts.dates import long_date
from programs import rules
from programs.models import (
    Flag,
    FlagKind,
    Prescription,
    Program,
    ProgramStatus,
    SessionLog,
)
from programs.prescribing import services
from programs.review import dose_steps, phases
from programs.review.flags import FlagView, open_computed_flags

# The flags a regression answers, in the words of its reason: the session hurt, or the
# next morning did.
REGRESSION_FLAGS = {
    FlagKind.RED_PAIN: "pain during exercise above the limit",
    FlagKind.FLARE: "a flare the next morning",
}
_BACK = " Back to the dose before the last change."


class Kind(enum.StrEnum):
    SMALLER_DOSE = "smaller-dose"
    EASIER_EXERCISE = "easier-exercise"
    HARDER_EXERCISE = "harder-exercise"
    LARGER_DOSE = "larger-dose"
    PLANNED_DOSE = "planned-dose"  # a template's dose step, due on its date (review.phases)

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Suggestion:
    kind: Kind
    item: Prescription  # the program's item as in effect today
    exercise: object  # the catalogue Exercise it becomes; None for a dose change
    dose: dict  # the dose after the change (every field of services.DOSE_FIELDS)
    why: str

    @property
    def after(self) -> Prescription:
        """The item as it would read after the change (unsaved)."""
        name = self.exercise.name if self.exercise else self.item.name
        return Prescription(name=name, **self.dose)

    @property
    def label(self) -> str:
        """The button's words: "Smaller dose: 3 sets of 12", "Easier exercise: …"."""
        change = self.exercise.name if self.exercise else self.after.amount_text
        return f"{self.kind.label}: {change}"

    @property
    def token(self) -> str:
        """Names the very change proposed, so what is applied is what was shown."""
        exercise = self.exercise.pk if self.exercise else None
        text = repr((str(self.item.pk), self.kind.value, exercise, sorted(self.dose.items())))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Suggestions:
    offered: list[Suggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the clinician should know besides


def _days_in_words(days) -> str:
    return ", ".join(long_date(day) for day in sorted(days))


def suggest(*, patient, flags: list[FlagView], today: datetime.date) -> Suggestions:
    """The suggestions the open `flags` allow for `patient`'s items in effect on `today`.

    One query, two more for a regression, whatever the amount of data.
    """
    regress_days: dict = {}
    for flag in flags:
        if flag.kind in REGRESSION_FLAGS:
            regress_days.setdefault(flag.raised_on, set()).add(REGRESSION_FLAGS[flag.kind])
    progress = any(flag.kind == FlagKind.PROGRESS for flag in flags) and not any(
        flag.is_urgent for flag in flags
    )
    items = list(
        Prescription.objects.filter(
            program__patient=patient,
            program__status__in=[ProgramStatus.ACTIVE, ProgramStatus.PAUSED],
        )
        .in_effect_on(today)
        .select_related("program__template", "exercise__progression", "exercise__regression")
        .order_by("program__start_date", "order", "name")
    )
    if regress_days:
        return _regressions(patient, items, regress_days)
    offered = _progressions(items, today) if progress else []
    if not any(flag.is_urgent for flag in flags):
        offered += _planned(items, today)
    return Suggestions(offered)


def _planned(items, today) -> list[Suggestion]:
    return [
        Suggestion(
            Kind.PLANNED_DOSE,
            step.item,
            None,
            step.dose,
            f"Planned in “{step.item.program.template.name}” from week {step.from_week} "
            f"({long_date(step.from_date)}).",
        )
        for step in phases.planned_steps(items, today=today)
    ]


def _in_program(items) -> set:
    return {(item.program_id, item.exercise_id) for item in items}


def _regressions(patient, items, days: dict) -> Suggestions:
    """`days` maps each flagged day to the words of its flags."""
    named: dict = {}
    logs = SessionLog.objects.filter(patient=patient, date__in=list(days), hardest__isnull=False)
    for hardest_id, day in logs.values_list("hardest_id", "date"):
        named.setdefault(hardest_id, set()).add(day)
    if not named:
        return Suggestions(
            notes=[
                f"The patient did not say which exercise hurt most on {_days_in_words(days)}, "
                "so no change to one exercise is suggested: ask them, or adjust the program."
            ]
        )
    # Only items still as they were when named: one changed since has been acted on.
    targets = [item for item in items if item.pk in named]
    previous = _previous_versions(targets)
    in_program = _in_program(items)
    offered = []
    for item in targets:
        reasons = sorted(set().union(*(days[day] for day in named[item.pk])))
        why = (
            f"Named by the patient as hurting most on {_days_in_words(named[item.pk])} "
            f"({' and '.join(reasons)})."
        )
        if back := dose_steps.previous_if_smaller(item, previous.get(item.series)):
            offered.append(Suggestion(Kind.SMALLER_DOSE, item, None, back, why + _BACK))
        elif smaller := dose_steps.smaller_dose(item):
            offered.append(Suggestion(Kind.SMALLER_DOSE, item, None, smaller, why))
        easier = item.exercise.regression if item.exercise else None
        if easier and not easier.is_archived and (item.program_id, easier.pk) not in in_program:
            dose = dose_steps.swap_dose(item, easier)
            offered.append(Suggestion(Kind.EASIER_EXERCISE, item, easier, dose, why))
    return Suggestions(offered)


def _previous_versions(items) -> dict:
    """Each item's version before it (the same series, ended before it began), by series."""
    if not items:
        return {}
    current = {item.series: item for item in items}
    previous = {}
    rows = Prescription.objects.filter(series__in=list(current), valid_until__isnull=False)
    for row in rows.order_by("valid_from"):
        if row.valid_until < current[row.series].valid_from:
            previous[row.series] = row  # the latest one before wins
    return previous


def _progressions(items, today) -> list[Suggestion]:
    # The progress window's evidence is about the dose the patient did all through it.
    settled_by = today - datetime.timedelta(days=rules.PROGRESS_DAYS - 1)
    in_program = _in_program(items)
    offered = []
    for item in items:
        harder = item.exercise.progression if item.exercise else None
        if harder is None or harder.is_archived or item.valid_from > settled_by:
            continue
        why = f"Ready to progress, on this dose since {long_date(item.valid_from)}."
        if (item.program_id, harder.pk) not in in_program:
            dose = dose_steps.swap_dose(item, harder)
            offered.append(Suggestion(Kind.HARDER_EXERCISE, item, harder, dose, why))
        elif larger := dose_steps.larger_dose(item):
            why += f" The program already has {harder.name}."
            offered.append(Suggestion(Kind.LARGER_DOSE, item, None, larger, why))
    return offered


def open_flags(*, patient_id, now) -> list[FlagView]:
    """Every flag waiting for a clinician: stored and not acknowledged, then live ones."""
    stored = Flag.objects.filter(patient_id=patient_id).open()
    return [FlagView.from_flag(flag) for flag in stored] + open_computed_flags(
        patient_id=patient_id, now=now
    )


def find_suggestion(*, patient, prescription, kind: str, now, today) -> Suggestion | None:
    """The suggestion of `kind` for `prescription` if the rules offer it now, else None."""
    found = suggest(patient=patient, flags=open_flags(patient_id=patient.pk, now=now), today=today)
    return next((s for s in found.offered if s.item.pk == prescription.pk and s.kind == kind), None)


class SuggestionNotApplicable(Exception):
    """The suggestion is no longer offered, or no longer the change that was shown."""


@transaction.atomic
def apply_suggestion(
    *, clinician, patient, prescription, kind: str, token: str, now, today
) -> Suggestion:
    """Apply the suggestion shown with `token`, from `today`, as a change to the program."""
    # One change at a time: a second post waits here, then finds its suggestion gone.
    Program.objects.select_for_update().filter(pk=prescription.program_id).first()
    suggestion = find_suggestion(
        patient=patient, prescription=prescription, kind=kind, now=now, today=today
    )
    if suggestion is None or suggestion.token != token:
        raise SuggestionNotApplicable
    change = {"clinician": clinician, "program": suggestion.item.program, "today": today}
    if suggestion.exercise is None:
        services.change_dose(prescription=suggestion.item, dose=suggestion.dose, **change)
    else:
        services.replace_exercise(
            prescription=suggestion.item,
            new_exercise=suggestion.exercise,
            dose=suggestion.dose,
            **change,
        )
    return suggestion
