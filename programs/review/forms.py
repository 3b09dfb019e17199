"""Forms of the review pages: dashboard filters, the report's date range, acknowledgements."""

import datetime

from django import forms

from accounts.models import Role, User
from config.forms import BoundedDateField, InvalidMarkingBoundField
from exercises.models import Condition
from programs.models import FlagKind, ProgramStatus
from programs.review.caseload import NO_PROGRAM, CaseloadFilters

MAX_REPORT_DAYS = 366


class CaseloadFilterForm(forms.Form):
    """GET filters, so a filtered dashboard can be bookmarked. An invalid value is ignored
    (with its message shown) rather than failing the page."""

    bound_field_class = InvalidMarkingBoundField

    q = forms.CharField(label="Name or e-mail", required=False, max_length=100)
    flag = forms.ChoiceField(
        label="Flag", required=False, choices=[("", "Any flag"), *FlagKind.choices]
    )
    condition = forms.ModelChoiceField(
        label="Condition",
        required=False,
        queryset=Condition.objects.all(),
        to_field_name="slug",
        empty_label="Any condition",
    )
    status = forms.ChoiceField(
        label="Program",
        required=False,
        choices=[("", "Any program"), *ProgramStatus.choices, (NO_PROGRAM, "No program")],
    )
    clinician = forms.ModelChoiceField(
        label="Clinician", required=False, queryset=User.objects.none(), empty_label="Everyone"
    )
    # Bounded: the page becomes an SQL OFFSET, which must fit a bigint.
    page = forms.IntegerField(
        required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.CLINIC_ADMIN:
            self.fields["clinician"].queryset = User.objects.filter(
                clinic_id=user.clinic_id, role__in=[Role.CLINICIAN, Role.CLINIC_ADMIN]
            )
        else:
            del self.fields["clinician"]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> CaseloadFilters:
        self.is_valid()
        data = self.cleaned_data
        return CaseloadFilters(
            flag_kind=data.get("flag") or "",
            condition=data.get("condition"),
            program_status=data.get("status") or "",
            clinician=data.get("clinician"),
            search=(data.get("q") or "").strip(),
        )

    @property
    def filters_in_use(self) -> int:
        """How many filters narrow the list: the closed disclosure says so, and opens with
        them (or with an error) so nobody wonders why patients are missing."""
        self.is_valid()
        names = [name for name in self.fields if name != "page"]
        return sum(1 for name in names if self.cleaned_data.get(name) or name in self.errors)

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1


def _date_input() -> forms.DateInput:
    # A date picker reads and writes ISO dates whatever the locale's own format.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


class ReportRangeForm(forms.Form):
    bound_field_class = InvalidMarkingBoundField

    start = BoundedDateField(label="From", widget=_date_input())
    end = BoundedDateField(label="To", widget=_date_input())

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be on or after the start date.")
            elif (end - start).days >= MAX_REPORT_DAYS:
                self.add_error("end", "Choose a range of one year or less.")
        return data


def report_range(params, *, default: tuple[datetime.date, datetime.date]):
    """The form and the range to show: the chosen one when valid, else the default."""
    if "start" not in params and "end" not in params:
        form = ReportRangeForm(initial={"start": default[0], "end": default[1]})
        return form, default
    form = ReportRangeForm(params)
    if form.is_valid():
        return form, (form.cleaned_data["start"], form.cleaned_data["end"])
    return form, default


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Note",
        max_length=1000,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": "For example: called, agreed to keep going",
            }
        ),
    )


class AcknowledgeComputedForm(AcknowledgeForm):
    kind = forms.ChoiceField(choices=FlagKind.choices, widget=forms.HiddenInput)
    raised_on = forms.DateField(widget=forms.HiddenInput)


class ApplySuggestionForm(forms.Form):
    # What the confirm page showed (`Suggestion.token`): applied only if it is still that.
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
