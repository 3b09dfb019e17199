"""exercises.select_fields: the catalogue's filter boxes, drawn as Django draws them."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.forms import CatalogueSearchForm
from exercises.select_fields import PlainSelect

CHOICES = [("", "Any kind"), ("a", "Apples & pears"), ("b", "<b>bold</b>"), (2, "Two")]
ATTRS = {"class": "form-select", "id": "id_kind", "aria-invalid": "true", "required": True}


@pytest.mark.parametrize("value", [None, "", "a", "b", 2, "2", "not a choice", ["b"]])
def test_it_writes_what_djangos_select_writes(value):
    plain = PlainSelect(choices=CHOICES).render("kind", value, ATTRS)
    assert plain == forms.Select(choices=CHOICES).render("kind", value, ATTRS)


def test_only_the_first_option_with_the_value_is_selected():
    html = PlainSelect(choices=[("a", "First"), ("a", "Second")]).render("kind", "a")
    assert html.count(" selected") == 1 and '"a" selected>First' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{}, {"condition": "plantar-fasciitis", "equipment": "step", "difficulty": "2"}, {"type": "x"}],
)
def test_the_catalogue_filters_are_the_html_djangos_selects_make(data, plantar_fasciitis, step):
    form = CatalogueSearchForm(data)
    form.is_valid()
    django = CatalogueSearchForm(data)
    django.is_valid()
    for field in django.fields.values():
        if isinstance(field.widget, PlainSelect):
            field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
    assert [str(form[name]) for name in form.fields] == [str(django[name]) for name in form.fields]
    assert str(form["condition"]).count("<option") == 2  # "Any condition" and the one made


@pytest.mark.django_db
def test_a_list_of_model_choices_is_one_plain_query(plantar_fasciitis, step):
    form = CatalogueSearchForm({})
    with CaptureQueriesContext(connection) as queries:
        str(form["condition"])
        str(form["equipment"])
    # Not a server-side cursor (DECLARE, FETCH, CLOSE) for a dozen rows.
    assert [query["sql"].split()[0] for query in queries] == ["SELECT", "SELECT"]
