"""The catalogue's filter boxes, made cheap to draw (they were a third of the catalogue
list's time under the profiler).

- `PlainSelect` writes a select in Python. Django's template includes one template per
  option, and one more per option for its attributes: the five filters' fifty options cost
  a hundred includes. The HTML is the same, byte for byte (tests/exercises/test_select_fields.py).
- `SlugFilterField` (an optional filter by a row's slug) reads its choices with one plain
  query. Django reads them through a server-side cursor (DECLARE, FETCH, CLOSE: four round
  trips for a dozen rows).
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A single choice, without option groups (as the catalogue's filters are)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options, found = [], False
        for option_value, label in self.choices:
            # As Django's select: only the first option with the value is selected.
            selected = not found and str(option_value) in chosen
            found = found or selected
            options.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option_value),
                    " selected" if selected else "",
                    label,
                )
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # noqa: S308  (each piece escaped above) # nosec B308 B703
        )


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: in order, True as a bare name, False
    left out (not flatatt, which sorts them)."""
    return mark_safe(  # noqa: S308  (format_html escapes) # nosec B308 B703
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class _ListedChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class SlugFilterField(forms.ModelChoiceField):
    """An optional choice of one of `model`'s rows, by slug, labelled with its name."""

    iterator = _ListedChoices
    widget = PlainSelect

    def __init__(self, model, *, empty_label: str):
        super().__init__(
            model.objects.only("slug", "name"),
            required=False,
            to_field_name="slug",
            empty_label=empty_label,
        )
