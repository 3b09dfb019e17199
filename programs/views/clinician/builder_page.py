"""The builder page shared by the program builder and the template editor: binding its
POST (Save, or a rearrangement of the rows) and rendering it with the catalogue search."""

from django.shortcuts import render

from config.params import typed_text
from programs.prescribing import queries
from programs.prescribing.forms import (
    ADVISED_MAX_ITEMS,
    item_formset,
    rearranged_rows,
    typed_values,
)


def builder_page(request, template_name: str, *, form, items, **context):
    """Render a builder page (program or template) with the catalogue search results."""
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
