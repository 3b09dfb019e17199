"""The daily log form: pain scores, difficulty, a note, and what was done of each exercise."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from config.forms import InvalidMarkingBoundField
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


def times_choices(times_per_day: int) -> list[tuple[int, str]]:
    if times_per_day == 1:
        return [(0, "Not yet"), (1, "Done")]
    return [(n, str(n)) for n in range(times_per_day + 1)]


@dataclass(frozen=True)
class ExerciseRow:
    """One due exercise in the form, with its two fields and what was saved before."""

    prescription: Prescription
    times: forms.BoundField
    sets: forms.BoundField
    saved_times: int


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
            self.fields[f"times-{rx.pk}"] = forms.TypedChoiceField(
                label=(
                    "Done today?"
                    if rx.is_task and rx.times_per_day == 1
                    else f"Times done today (of {rx.times_per_day})"
                ),
                choices=times_choices(rx.times_per_day),
                coerce=int,
                required=False,
                empty_value=0,
                initial=saved.times_done if saved else 0,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={
                    "invalid_choice": f"Choose a number from 0 to {rx.times_per_day}: "
                    f"this exercise is due {rx.times_per_day} "
                    f"time{'s' if rx.times_per_day > 1 else ''} a day."
                },
            )
            self.fields[f"sets-{rx.pk}"] = forms.IntegerField(
                label=f"Sets done (of {rx.sets})",
                required=False,
                min_value=0,
                max_value=rx.sets,
                initial=saved.sets_done if saved else 0,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "class": "form-control sets-input"}
                ),
                error_messages={
                    "min_value": "Sets can't be fewer than 0.",
                    "max_value": f"This exercise has {rx.sets} sets; enter 0 to {rx.sets}.",
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
                )
            )
        return rows

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
        return {
            rx.pk: Done(
                times=self.cleaned_data[f"times-{rx.pk}"],
                # A task has no sets to count: done is its one set.
                sets=min(self.cleaned_data[f"times-{rx.pk}"], 1)
                if rx.is_task
                else self.cleaned_data[f"sets-{rx.pk}"] or 0,
            )
            for rx in self.plan.prescriptions
        }
