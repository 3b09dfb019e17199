"""Form plumbing shared by every app."""

import datetime

from django import forms


class InvalidMarkingBoundField(forms.BoundField):
    """A field whose widget carries Bootstrap's `is-invalid` class while it has errors.

    So a template renders `{{ field }}` (the value typed, the form's own limits such as
    required, maxlength, min and max, and Django's aria-invalid and aria-describedby) instead
    of hand-writing the input only to add that class. Radio and checkbox groups are left
    alone: their error belongs to the group's fieldset, not to each option.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors and not self.use_fieldset:
            widget = widget or self.field.widget
            # Attributes given here replace the widget's own, so keep its classes too.
            classes = [widget.attrs.get("class"), attrs.get("class"), "is-invalid"]
            attrs["class"] = " ".join(filter(None, classes))
        return attrs


def field_anchor(field: forms.BoundField) -> str:
    """The id an error summary links to for `field`: its input, or the first input of a
    group of radio buttons or checkboxes (Django numbers those `<id>_0`, `<id>_1`, …)."""
    return f"{field.auto_id}_0" if field.use_fieldset else field.auto_id


class BoundedDateField(forms.DateField):
    """A date within years people plan and look back over. Beyond them a date is a typo or a
    probe, and arithmetic on it (the day after 31 December 9999) would fail with a 500."""

    EARLIEST = datetime.date(1900, 1, 1)
    LATEST = datetime.date(2100, 12, 31)

    def __init__(self, *, earliest=EARLIEST, latest=LATEST, **kwargs):
        super().__init__(**kwargs)
        self.earliest, self.latest = earliest, latest

    def validate(self, value):
        super().validate(value)
        if value and not self.earliest <= value <= self.latest:
            raise forms.ValidationError(
                "Enter a date between %(earliest)s and %(latest)s.",
                code="out_of_range",
                params={
                    "earliest": f"{self.earliest:%-d %B %Y}",
                    "latest": f"{self.latest:%-d %B %Y}",
                },
            )
