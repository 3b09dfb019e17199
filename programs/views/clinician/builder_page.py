"""The builder page shared by the program builder and the template editor: binding its
POST (Save, or a rearrangement of the rows) and rendering it with the catalogue search.

With JavaScript on (static/js/builder.js), Add, Up, Down, Remove and Search post with the
`X-Builder-Partial` header and get back only the rows and the search (the same partial the
full page includes), so the page is redrawn in place; without it they are full-page posts.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from config.params import typed_text
from exercises.models import Exercise
from programs.prescribing import queries
from programs.prescribing.forms import (
    ADVISED_MAX_ITEMS,
    error_summary,
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


PARTIAL_HEADER = "X-Builder-Partial"


def attach_pictures(items) -> set[int]:
    """Set `picture` and `is_task` on each row of the builder's formset, and return the
    rows' exercise ids (the search marks those "Added"). One query whatever the rows: their
    exercises, from the catalogue the formset checks them against (`exercises=`)."""
    rows = list(row_keys(items))
    ids = {exercise for _form, _series, exercise in rows if exercise}
    found = items.form_kwargs["exercises"].in_bulk(ids) if ids else {}
    for form, _series, exercise in rows:
        side = str(form["side"].value() or "")
        form.picture = RowPicture(found[exercise], side) if exercise in found else None
        # A task's card shows no amount fields (forms.TASK_DOSE).
        form.is_task = form.picture is not None and form.picture.exercise.is_task
    return ids


def back_url(request, *, default: str) -> str:
    """Where Cancel goes: the `next` the page was opened with, if it is a page of this site
    (never an open redirect), else `default`."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else default


def _refused_save(form, items) -> dict:
    """The error summary's links and messages after a refused save; none otherwise."""
    if not form.is_bound or (form.is_valid() and items.is_valid()):
        return {}
    links, texts = error_summary(form, items)
    return {"error_links": links, "error_texts": texts}


def builder_page(request, template_name: str, *, form, items, cancel_url: str, **context):
    """Render a builder page (program or template) with the catalogue search results; only
    its rows and search for an in-place update (PARTIAL_HEADER)."""
    added = attach_pictures(items)
    query = typed_text(request.POST if "q" in request.POST else request.GET, "q")
    partial = (
        request.method == "POST"
        and request.headers.get(PARTIAL_HEADER) == "1"
        and request.POST.get("action") != "save"
    )
    response = render(
        request,
        "programs/_items_editor.html" if partial else template_name,
        {
            "form": form,
            "items": items,
            "query": query,
            "matches": queries.catalogue_matches(user=request.user, query=query),
            "added": added,
            "too_many": items.total_form_count() > ADVISED_MAX_ITEMS,
            "cancel_url": cancel_url,
            "next": back_url(request, default=""),
            **_refused_save(form, items),
            **context,
        },
    )
    if partial:
        response[PARTIAL_HEADER] = "1"
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response


def bind_builder(request, form_class, *, exercises, **form_kwargs):
    """The header form and rows of a POST: bound for Save, else unbound and rearranged."""
    form = form_class(request.POST, **form_kwargs)
    items = item_formset(data=request.POST, exercises=exercises)
    rows = rearranged_rows(request.POST, items, exercises=exercises)
    if rows is None:
        return form, items, True
    form = form_class(initial=typed_values(form), **form_kwargs)
    return form, item_formset(initial=rows, exercises=exercises), False
