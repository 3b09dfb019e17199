"""The daily log form: pain scores, difficulty, a note, and what was done of each exercise."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from config.forms import InvalidMarkingBoundField, field_anchor
from programs.logs.daily_log import Done, LoggingWindow, ProgramDay
from programs.models import Difficulty, Prescription
from programs.symptoms import DEFAULT as DEFAULT_SYMPTOM

PAIN_ERROR = "Choose a number from 0 (no pain) to 10 (worst pain imaginable)."


class PainScaleField(forms.TypedChoiceField):
    """0–10 numeric rating scale as 11 labelled radio buttons (programs/_pain_scale.html)."""

    def __init__(self, label: str, help_text: str):
        super().__init__(
            label=label,
            help_text=help_text,
            choices=[(n, str(n)) for n in range(11)],
            coerce=int,
            required=False,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            error_messages={"invalid_choice": PAIN_ERROR},
        )


# What each session of the day is called on its tick ("Morning ✓ · Evening ○").
SESSION_NAMES = {1: ["Done"], 2: ["Morning", "Evening"], 3: ["Morning", "Midday", "Evening"]}


def session_choices(times_per_day: int) -> list[tuple[int, str]]:
    names = SESSION_NAMES.get(times_per_day) or [
        f"Time {number}" for number in range(1, times_per_day + 1)
    ]
    return list(enumerate(names, start=1))


@dataclass(frozen=True)
class ExerciseRow:
    """One due exercise in the form: its session ticks, the "fewer sets" box, and what was
    saved before."""

    prescription: Prescription
    times: forms.BoundField
    sets: forms.BoundField
    saved_times: int
    saved_sets: int

    @property
    def all_done(self) -> bool:
        return self.saved_times >= self.prescription.times_per_day

    @property
    def fewer_sets(self) -> bool:
        """Whether the "I did fewer sets" box holds something to show (typed or saved)."""
        return bool(self.sets.value()) or bool(self.sets.errors)


class DailyLogForm(forms.Form):
    bound_field_class = InvalidMarkingBoundField

    # Worded by the program's condition in __init__ (programs.symptoms): first steps for
    # heel pain, the night for the shoulder. The column keeps its name whatever the question.
    morning_pain = PainScaleField(DEFAULT_SYMPTOM.heading, DEFAULT_SYMPTOM.question)
    exercise_pain = PainScaleField(
        "Worst pain during the exercises",
        "The most it hurt while you did today's exercises.",
    )
    difficulty = forms.ChoiceField(
        label="How hard were the exercises?",
        choices=Difficulty.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"invalid_choice": "Choose too easy, about right or too hard."},
    )
    note = forms.CharField(
        label="A note for your clinician (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, plan: ProgramDay, window: LoggingWindow, **kwargs):
        self.plan = plan
        self.window = window
        log = plan.log
        if log is not None:
            kwargs.setdefault(
                "initial",
                {
                    "morning_pain": log.morning_pain,
                    "exercise_pain": log.exercise_pain,
                    "difficulty": log.difficulty,
                    "note": log.note,
                },
            )
        # Ids unique per program: the page may hold one form per running program.
        kwargs.setdefault("auto_id", f"log-{plan.program.pk}-%s")
        super().__init__(*args, **kwargs)
        symptom, limit = plan.program.symptom, plan.program.pain_limit
        self.fields["morning_pain"].label = symptom.heading
        self.fields["morning_pain"].help_text = symptom.question
        self.fields["exercise_pain"].help_text += f" Your limit is {limit} out of 10."
        for rx in plan.prescriptions:
            saved = plan.completion_for(rx)
            self.fields[f"times-{rx.pk}"] = forms.TypedMultipleChoiceField(
                label="Done today?" if rx.times_per_day == 1 else "Sessions done today",
                choices=session_choices(rx.times_per_day),
                coerce=int,
                required=False,
                initial=saved.session_numbers if saved else [],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "btn-check"}),
                error_messages={
                    "invalid_choice": f"Tick only the sessions of the day: this exercise is "
                    f"due {rx.times_per_day} time{'s' if rx.times_per_day > 1 else ''} a day."
                },
            )
            # Done means every set; this box is only for a session cut short.
            partial = saved and saved.times_done and saved.sets_done < rx.sets
            self.fields[f"sets-{rx.pk}"] = forms.IntegerField(
                label=f"Sets done, if fewer than {rx.sets}",
                required=False,
                min_value=0,
                max_value=rx.sets,
                initial=saved.sets_done if partial else None,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "class": "form-control sets-input"}
                ),
                error_messages={
                    "min_value": "Sets can't be fewer than 0.",
                    "max_value": f"This exercise has {rx.sets} sets: enter 0 to {rx.sets}, or "
                    "leave it empty if you did them all.",
                    "invalid": f"Enter a whole number from 0 to {rx.sets}.",
                },
            )

    def exercise_rows(self) -> list[ExerciseRow]:
        rows = []
        for rx in self.plan.prescriptions:
            saved = self.plan.completion_for(rx)
            rows.append(
                ExerciseRow(
                    prescription=rx,
                    times=self[f"times-{rx.pk}"],
                    sets=self[f"sets-{rx.pk}"],
                    saved_times=saved.times_done if saved else 0,
                    saved_sets=saved.sets_done if saved else 0,
                )
            )
        return rows

    def error_links(self) -> list[tuple[str, str]]:
        """Each field's errors as (anchor, message) for the summary at the top of the form,
        in the order the fields are on the page."""
        rows = {f"times-{rx.pk}": rx for rx in self.plan.prescriptions} | {
            f"sets-{rx.pk}": rx for rx in self.plan.prescriptions
        }
        links = []
        for name in self.errors:
            if name == "__all__":
                continue
            field = self[name]
            about = f"{rows[name].name}: " if name in rows else f"{field.label}: "
            links.extend((f"#{field_anchor(field)}", about + error) for error in field.errors)
        return links

    def clean(self):
        cleaned = super().clean()
        if problem := self.window.problem_with(self.plan.day):
            raise ValidationError(problem, code="date")
        if not self.plan.is_running:
            raise ValidationError(self.plan.not_running_text, code="status")
        unknown = [
            key
            for key in self.data
            if key.startswith(("times-", "sets-")) and key not in self.fields
        ]
        if unknown:
            raise ValidationError(
                "One of the exercises sent is not due on this day in this program. "
                "Please reload the page and try again.",
                code="not_due",
            )
        return cleaned

    def log_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("morning_pain", "exercise_pain", "difficulty", "note")
        }

    def completions(self) -> dict:
        done = {}
        for rx in self.plan.prescriptions:
            sessions = sorted(set(self.cleaned_data[f"times-{rx.pk}"]))
            times = len(sessions)
            fewer = self.cleaned_data[f"sets-{rx.pk}"]
            done[rx.pk] = Done(
                times=times,
                # Done is every set, unless the patient said fewer; a task has one.
                sets=fewer if fewer is not None else (rx.sets if times else 0),
                sessions=sum(1 << (number - 1) for number in sessions),
            )
        return done
