"""The builder's forms: a program (or template) header and a formset of exercise rows.

The rows work without JavaScript: Add, Up, Down and Remove are submit buttons that send
everything typed so far; the page comes back with the rows rearranged and nothing lost.
Only the Save button saves.
"""

import uuid
from functools import partial

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from config.forms import field_anchor
from exercises.models import Exercise
from programs.models import (
    ALL_WEEKDAYS,
    WEEKDAY_NAMES,
    Program,
    ProgramStatus,
    ProgramTemplate,
    TemplateItem,
)
from programs.prescribing.services import DOSE_FIELDS, default_dose

ITEMS_PREFIX = "items"
MAX_ITEMS = 30
# Adherence falls as home programs grow; the builder says so past this many.
ADVISED_MAX_ITEMS = 5
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# What a task's row holds besides its days and note (the row shows no amount fields).
TASK_DOSE = {"sets": 1, "reps": None, "hold_seconds": None, "rest_seconds": 0, "side": ""}


class ProgramForm(forms.ModelForm):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Program
        fields = [
            "title",
            "condition",
            "start_date",
            "end_date",
            "status",
            "pain_limit",
            "outcome_interval_weeks",
        ]
        labels = {
            "pain_limit": "Pain limit during exercise (0–10)",
            "outcome_interval_weeks": "Outcome questionnaires every",
        }
        help_texts = {
            "pain_limit": "Pain during exercise above this raises a flag.",
            "outcome_interval_weeks": "Also at the start and at the end (docs/outcomes.md).",
            "end_date": "Optional; set on completion.",
        }
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A post without it (an older page, a script) keeps the program's interval.
        self.fields["outcome_interval_weeks"].required = False

    def clean_outcome_interval_weeks(self):
        return self.cleaned_data["outcome_interval_weeks"] or self.instance.outcome_interval_weeks

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        # Once given to the patient, its days are in their history and adherence; a draft
        # is hidden from them, so those days could no longer be filled in.
        was_given = self.instance.pk and self.instance.status != ProgramStatus.DRAFT
        if was_given and data.get("status") == ProgramStatus.DRAFT:
            self.add_error(
                "status",
                "The patient already has this program, so it can't go back to draft. "
                "Pause it instead.",
            )
        return data


class NewProgramForm(ProgramForm):
    # One id per builder page: posting the same page twice saves one program.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # The template (pathway phase) the page started from: its criteria and dose steps follow
    # the program (programs.review.phases).
    template = forms.ModelChoiceField(
        queryset=ProgramTemplate.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ProgramTemplate.objects.visible_to(user)


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ProgramTemplate
        fields = ["name", "condition", "phase", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SaveAsTemplateForm(forms.Form):
    name = forms.CharField(max_length=150, label="Template name")


def _dose_field(name: str, **kwargs) -> forms.Field:
    """The model's form field, with the model's bounds enforced (and shown to browsers)."""
    model_field = TemplateItem._meta.get_field(name)
    for validator in model_field.validators:
        if isinstance(validator, MinValueValidator):
            kwargs.setdefault("min_value", validator.limit_value)
        if isinstance(validator, MaxValueValidator):
            kwargs.setdefault("max_value", validator.limit_value)
    return model_field.formfield(**kwargs)


ROW_WIDGET_CLASSES = {
    "sets": "form-control dose-number",
    "reps": "form-control dose-number",
    "hold_seconds": "form-control dose-number",
    "times_per_day": "form-control dose-number",
    "rest_seconds": "form-control dose-number",
    "load": "form-control dose-load",
    "side": "form-select dose-side",
    "note": "form-control",
    "every_day": "btn-check",
    "days": "btn-check",
    "confirm_clash": "form-check-input",
}
# A row's fields in the order its card shows them, for the error summary.
ROW_FIELD_ORDER = [
    "confirm_clash",
    "sets",
    "reps",
    "hold_seconds",
    "times_per_day",
    "load",
    "side",
    "every_day",
    "days",
    "note",
    "rest_seconds",
]


class ItemForm(forms.Form):
    series = forms.UUIDField(required=False, widget=forms.HiddenInput)
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "This exercise is not in your catalogue: remove it."},
    )
    # Shown as the row's heading; saving never reads it.
    name = forms.CharField(required=False, widget=forms.HiddenInput)
    sets = _dose_field("sets")
    reps = _dose_field("reps")
    hold_seconds = _dose_field("hold_seconds", label="Hold (seconds)")
    times_per_day = _dose_field("times_per_day", label="Times a day")
    every_day = forms.BooleanField(required=False, label="Every day")
    days = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Days",
    )
    side = _dose_field("side")
    rest_seconds = _dose_field("rest_seconds", label="Rest between sets (seconds)")
    load = _dose_field("load", label="Load")
    note = _dose_field("note", label="Note to the patient")
    # Shown only under a clash with the patient's health screen (prescribing.contraindications).
    confirm_clash = forms.BooleanField(
        required=False, label="I have checked this and still want to prescribe it"
    )
    # Set by `contraindications.mark_clashes` before validation; the template editor has none.
    clash = None
    not_for = ()

    def __init__(self, *args, exercises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"].queryset = exercises
        # The compact card (templates/programs/_builder_item.html) lays these out itself.
        for name, css_class in ROW_WIDGET_CLASSES.items():
            self.fields[name].widget.attrs["class"] = css_class
        self.fields["load"].widget.attrs["placeholder"] = "e.g. red band"

    def clean(self):
        data = super().clean()
        if not data.get("series") and not data.get("exercise"):
            raise forms.ValidationError("This row has no exercise: remove it and add one again.")
        if data.get("exercise") is not None and data["exercise"].is_task:
            data |= TASK_DOSE  # a task's schedule is its whole dose
        elif (
            data.get("reps") is None
            and data.get("hold_seconds") is None
            and not {"reps", "hold_seconds"} & set(self.errors)
        ):
            self.add_error("reps", "Enter the reps, a hold time, or both.")
        if data.get("every_day"):
            data["weekdays"] = ALL_WEEKDAYS
        elif data.get("days"):
            data["weekdays"] = sum(1 << day for day in data["days"])
        else:
            self.add_error("days", "Tick the days it is due, or “Every day”.")
        if self.clash and self.clash.new and not data.get("confirm_clash"):
            self.add_error(
                "confirm_clash",
                "Tick this box to prescribe it anyway, or remove the exercise.",
            )
        return data

    def item(self) -> dict:
        data = self.cleaned_data
        return {"series": data["series"], "exercise": data["exercise"]} | {
            field: data[field] for field in DOSE_FIELDS
        }


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        if not any(self.errors) and not self.forms:
            raise forms.ValidationError("Add at least one exercise before saving.")
        unconfirmed = [
            form.clash.exercise_name for form in self.forms if form.has_error("confirm_clash")
        ]
        if unconfirmed:
            raise forms.ValidationError(
                f"The health screen advises against "
                f"{' and '.join(unconfirmed)}: confirm or remove "
                f"{'it' if len(unconfirmed) == 1 else 'them'} below."
            )

    def items(self) -> list[dict]:
        return [form.item() for form in self.forms]


ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=0,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


def item_formset(*, exercises, data=None, initial=None) -> BaseItemFormSet:
    return ItemFormSet(
        data, initial=initial, prefix=ITEMS_PREFIX, form_kwargs={"exercises": exercises}
    )


def row_initial(dose_source, *, exercise=None, name: str, series=None) -> dict:
    """A row's starting values from anything with the dose fields (or a dose dict)."""
    get = dose_source.get if isinstance(dose_source, dict) else partial(getattr, dose_source)
    weekdays = get("weekdays")
    return {field: get(field) for field in DOSE_FIELDS} | {
        "series": series,
        "exercise": exercise.pk if exercise else None,
        "name": name,
        "every_day": weekdays == ALL_WEEKDAYS,
        # "Every day" is a preset apart from the single days: ticking it shows none of them.
        "days": [] if weekdays == ALL_WEEKDAYS else [d for d in range(7) if weekdays & (1 << d)],
    }


def _uuid(value):
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def row_keys(formset):
    """(form, series, exercise id) of each row, valid or not, bound or not."""
    for form in formset.forms:
        exercise = str(form["exercise"].value() or "")
        yield form, _uuid(form["series"].value()), int(exercise) if exercise.isdigit() else None


def typed_values(form) -> dict:
    """What the user typed into a bound form, valid or not, to show it again unbound."""
    return {name: form[name].data for name in form.fields}


def _days_apart_from_every_day(row: dict) -> dict:
    """A row typed with "Every day" and single days too shows "Every day" alone: it is the
    one saving reads (JavaScript clears the days as it is ticked; without it, this does)."""
    return row | {"days": []} if row.get("every_day") else row


def _index(value: str, rows: list) -> int | None:
    return int(value) if value.isdigit() and int(value) < len(rows) else None


def rearranged_rows(post, formset, *, exercises) -> list[dict] | None:
    """The rows after an Add, Up, Down or Remove button; None when Save was pressed."""
    if post.get("action") == "save":
        return None
    rows = [_days_apart_from_every_day(typed_values(form)) for form in formset.forms]
    if post.get("add", "").isdigit():
        exercise = exercises.active().filter(pk=post["add"]).first()
        if exercise is not None and len(rows) < MAX_ITEMS:
            rows.append(row_initial(default_dose(exercise), exercise=exercise, name=exercise.name))
    elif "move" in post:
        direction, _, position = post["move"].partition("-")
        index = _index(position, rows)
        other = None if index is None else index + (-1 if direction == "up" else 1)
        if other is not None and 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
    elif (index := _index(post.get("remove", ""), rows)) is not None:
        del rows[index]
    return rows


# The summary names a field by its label, or by these words where the label is a sentence.
SUMMARY_LABELS = {"confirm_clash": "Health screen"}


def _field_links(form, names, *, about: str, anchor_for) -> list[tuple[str, str]]:
    return [
        (
            f"#{anchor_for(name)}",
            f"{about}{SUMMARY_LABELS.get(name, form[name].label)}: {error}",
        )
        for name in names
        if name in form.errors
        for error in form.errors[name]
    ]


def _row_anchor(row):
    """The input a row's field error links to: the days' group through "Every day"."""
    return lambda name: field_anchor(row["every_day" if name == "days" else name])


def error_summary(form, items) -> tuple[list[tuple[str, str]], list[str]]:
    """What a refused save's error summary lists: (anchor, message) for each field with an
    error, in the page's order (the header, then each row's card), and the messages that
    belong to no field (the header's and the formset's own)."""
    visible = [name for name in form.fields if not form[name].is_hidden]
    links = _field_links(form, visible, about="", anchor_for=lambda name: field_anchor(form[name]))
    texts = [*form.non_field_errors()]
    texts += [
        error
        for name in form.fields
        if name not in visible and name in form.errors
        for error in form.errors[name]
    ]
    for index, row in enumerate(items.forms):
        if not row.errors:
            continue
        about = f"{index + 1}. {row['name'].value() or 'Exercise'} — "
        heading = f"#item-{index}-heading"
        # The row's own errors and its hidden fields' (no exercise) point at its card.
        for name in ["__all__", *(name for name in row.fields if row[name].is_hidden)]:
            links += [(heading, f"{about}{error}") for error in row.errors.get(name, [])]
        links += _field_links(row, ROW_FIELD_ORDER, about=about, anchor_for=_row_anchor(row))
    texts += [*items.non_form_errors()]
    return links, texts
