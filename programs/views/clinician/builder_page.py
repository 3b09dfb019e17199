"""The builder page shared by the program builder and the template editor: binding its
POST (Save, or a rearrangement of the rows) and rendering it with the catalogue search."""

from dataclasses import dataclass

from django.shortcuts import render

from config.params import typed_text
from exercises.models import Exercise
from programs.prescribing import queries
from programs.prescribing.forms import (
    ADVISED_MAX_ITEMS,
    item_formset,
    rearranged_rows,
    row_keys,
    typed_values,
)


@dataclass(frozen=True)
class RowPicture:
    """What `{% exercise_picture %}` reads of a row: its exercise, and the side typed in
    the row (not the saved one), so changing the side and rearranging shows that side."""

    exercise: Exercise
    side: str


def attach_pictures(items) -> None:
    """Set `picture` on each row of the builder's formset. One query whatever the rows:
    their exercises, from the catalogue the formset checks them against (`exercises=`)."""
    rows = list(row_keys(items))
    ids = {exercise for _form, _series, exercise in rows if exercise}
    found = items.form_kwargs["exercises"].in_bulk(ids) if ids else {}
    for form, _series, exercise in rows:
        side = str(form["side"].value() or "")
        form.picture = RowPicture(found[exercise], side) if exercise in found else None


def builder_page(request, template_name: str, *, form, items, **context):
    """Render a builder page (program or template) with the catalogue search results."""
    attach_pictures(items)
    query = typed_text(request.POST if "q" in request.POST else request.GET, "q")
    return render(
        request,
        template_name,
        {
            "form": form,
            "items": items,
            "query": query,
            "matches": queries.catalogue_matches(user=request.user, query=query),
            "too_many": items.total_form_count() > ADVISED_MAX_ITEMS,
            **context,
        },
    )


def bind_builder(request, form_class, *, exercises, **form_kwargs):
    """The header form and rows of a POST: bound for Save, else unbound and rearranged."""
    form = form_class(request.POST, **form_kwargs)
    items = item_formset(data=request.POST, exercises=exercises)
    rows = rearranged_rows(request.POST, items, exercises=exercises)
    if rows is None:
        return form, items, True
    form = form_class(initial=typed_values(form), **form_kwargs)
    return form, item_formset(initial=rows, exercises=exercises), False
