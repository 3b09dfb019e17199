"""The clinic admin's audit report: its filters, and its rows as CSV."""

import datetime
import zoneinfo

from django import forms

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, User
from config.forms import BoundedDateField

SORTS = {"newest": ("-at", "-id"), "oldest": ("at", "id")}
CSV_HEADER = [
    "time ({zone})",
    "user",
    "user e-mail",
    "role",
    "patient",
    "action",
    "action label",
    "category",
    "object type",
    "object id",
    "IP address",
    "outcome",
]


class AuditFilterForm(forms.Form):
    patient = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Person", empty_label="Anyone"
    )
    # Only the vocabulary's actions, by label: a made-up value is a form error, not a query.
    action = forms.ChoiceField(
        choices=[("", "Any action")] + sorted(AuditAction.choices, key=lambda choice: choice[1]),
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s” is not an action: choose one from the list."
        },
    )
    category = forms.CharField(required=False, max_length=30, help_text="For example: program")
    outcome = forms.ChoiceField(choices=[("", "Any")] + AuditEvent.Outcome.choices, required=False)
    date_from = BoundedDateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = BoundedDateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")], required=False
    )

    def __init__(self, data, *, admin):
        super().__init__(data)
        self.clinic = admin.clinic
        people = User.objects.filter(clinic=admin.clinic).order_by("full_name")
        self.fields["patient"].queryset = people.patients()
        self.fields["patient"].empty_label = "Any patient"
        self.fields["user"].queryset = people

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def events(self, queryset):
        """`queryset` (the admin's clinic's events) narrowed to the valid filters, sorted."""
        data = self.cleaned_data
        for name in ["patient", "user", "outcome", "action"]:
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("category"):
            queryset = queryset.filter(category=data["category"].strip())
        # Dates are the clinic's calendar days.
        tz = zoneinfo.ZoneInfo(self.clinic.timezone)
        if data.get("date_from"):
            queryset = queryset.filter(at__gte=_start_of(data["date_from"], tz))
        if data.get("date_to"):
            day_after = data["date_to"] + datetime.timedelta(days=1)
            queryset = queryset.filter(at__lt=_start_of(day_after, tz))
        order = SORTS[data.get("sort") or "newest"]
        return queryset.select_related("user", "patient").order_by(*order)


def _start_of(day: datetime.date, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


def csv_header(tz: zoneinfo.ZoneInfo) -> list[str]:
    """The header; the first column names the clinic's zone its times are in."""
    return [CSV_HEADER[0].format(zone=tz.key), *CSV_HEADER[1:]]


def csv_row(event: AuditEvent, tz: zoneinfo.ZoneInfo) -> list[str]:
    """One event as CSV cells (config.csv_export defuses them as it writes); the time in the
    clinic's zone, with its UTC offset so it converts back without doubt."""
    return [
        event.at.astimezone(tz).isoformat(timespec="seconds"),
        event.user.full_name if event.user else "",
        event.user.email if event.user else "",
        event.role,
        event.patient.full_name if event.patient else "",
        event.action,
        event.action_label,
        event.category,
        event.object_type,
        event.object_id,
        event.ip or "",
        event.outcome,
    ]
