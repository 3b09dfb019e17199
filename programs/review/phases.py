"""Where a patient is on their condition's pathway, and the template's planned dose steps.

A program built from a template knows its phase (`Program.template`). The phase's
criteria are shown to the clinician as written; the part Stride can check from the logs
(`ProgramTemplate.move_on_rule`, docs/clinical-rules.md "Plantar heel pain pathway") is
checked here: over the last `days` days the mean morning symptom score is at most
`symptom_at_most` and not above the `days` before, with at least PHASE_MIN_READINGS
readings, adherence of at least 80 % and no red or amber flag open. Then the next phase is
offered; the clinician decides, with the criteria Stride cannot see (strength tests) in view.

Planned dose steps ("from week 3: 4 × 10 with a backpack") become suggestions on their
date (programs.review.suggestions), applied like any other.
"""

import datetime
from dataclasses import dataclass, field
from statistics import mean

from programs import rules
from programs.models import Program, ProgramStatus, SessionLog, TemplateItem
from programs.prescribing.services import DOSE_FIELDS
from programs.review import adherence

STEP_FIELDS = ("sets", "reps", "hold_seconds", "load")


@dataclass(frozen=True)
class Phase:
    program: Program
    ready: bool
    checked: list[str] = field(default_factory=list)  # what Stride checked, in numbers

    @property
    def template(self):
        return self.program.template


def _words(score: float | None) -> str:
    return "–" if score is None else f"{score}"


def _mean(scores) -> float | None:
    return round(float(mean(scores)), 1) if scores else None


def current_phase(*, patient, flags, now, today) -> Phase | None:
    """The active program's phase, if it was built from a template with criteria."""
    program = (
        Program.objects.filter(patient=patient, status=ProgramStatus.ACTIVE, template__isnull=False)
        .select_related("template__next_phase", "condition")
        .order_by("-start_date")
        .first()
    )
    if program is None or not program.template.entry_criteria:
        return None
    rule = program.template.move_on_rule
    if not rule:
        return Phase(program, ready=False)
    days = rule["days"]
    start = today - datetime.timedelta(days=days - 1)
    before = start - datetime.timedelta(days=days)
    scores = dict(
        SessionLog.objects.filter(
            program=program, date__range=(before, today), morning_pain__isnull=False
        ).values_list("date", "morning_pain")
    )
    recent = [score for day, score in scores.items() if day >= start]
    earlier = [score for day, score in scores.items() if day < start]
    recent_mean, earlier_mean = _mean(recent), _mean(earlier)
    rows = adherence.adherence_by_day(patient_ids=[patient.pk], start=start, end=today, now=now)
    due = sum(row.due for row in rows if row.program_id == program.pk)
    done = sum(row.done for row in rows if row.program_id == program.pk)
    label = program.symptom.label
    readings = f"{len(recent)} reading{'' if len(recent) == 1 else 's'}"
    checks = {
        f"{label}: {_words(recent_mean)} on average over the last {days} days from {readings} "
        f"(needs at most {rule['symptom_at_most']}, from at least "
        f"{rules.PHASE_MIN_READINGS} readings)": len(recent) >= rules.PHASE_MIN_READINGS
        and recent_mean <= rule["symptom_at_most"],
        (
            f"not rising: {_words(earlier_mean)} the {days} days before"
            if earlier_mean is not None
            else f"not rising: no readings the {days} days before to compare with"
        ): earlier_mean is None or (recent_mean is not None and recent_mean <= earlier_mean),
        f"adherence {done} of {due} (80 % needed)": due > 0
        and done * rules.PROGRESS_ADHERENCE[1] >= due * rules.PROGRESS_ADHERENCE[0],
        "no red or amber flag open": not any(flag.is_urgent for flag in flags),
    }
    checked = [f"{'✓' if ok else '✗'} {words}" for words, ok in checks.items()]
    return Phase(program, ready=all(checks.values()), checked=checked)


@dataclass(frozen=True)
class PlannedStep:
    item: object  # the Prescription in effect
    dose: dict  # its dose after the step (services.DOSE_FIELDS)
    from_week: int
    from_date: datetime.date


def planned_steps(items, *, today) -> list[PlannedStep]:
    """The template's dose steps now due for `items` (prescriptions in effect today), one
    query: a step is due from its week's first day, for an item that has not been changed
    since that day (a clinician's later change wins) and differs from it."""
    programs = {item.program.pk: item.program for item in items if item.program.template_id}
    if not programs:
        return []
    plans = {}
    rows = TemplateItem.objects.filter(
        template_id__in={program.template_id for program in programs.values()}
    ).exclude(dose_steps=[])
    for row in rows:
        plans[row.template_id, row.exercise_id] = row.dose_steps
    found = []
    for item in items:
        program = programs.get(item.program_id)
        steps = plans.get((program.template_id, item.exercise_id)) if program else None
        if not steps:
            continue
        week = (today - program.start_date).days // 7 + 1
        due = [step for step in steps if step["from_week"] <= week]
        if not due:
            continue
        step = due[-1]
        from_date = program.start_date + datetime.timedelta(weeks=step["from_week"] - 1)
        dose = {name: getattr(item, name) for name in DOSE_FIELDS} | {
            name: step[name] for name in STEP_FIELDS if name in step
        }
        unchanged = all(dose[name] == getattr(item, name) for name in STEP_FIELDS)
        if item.valid_from <= from_date and not unchanged:
            found.append(PlannedStep(item, dose, step["from_week"], from_date))
    return found
