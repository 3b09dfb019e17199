"""Template partials follow one convention, and the one pagination partial."""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ROOT = TEMPLATES.parent
INCLUDE = re.compile(r'{%\s*include\s+"([^"]+)"')
# A partial handed to another as an argument, which includes it by variable:
# `{% include "programs/_builder_form.html" with header="programs/_program_header.html" %}`.
INCLUDE_ARGUMENT = re.compile(r'{%\s*include\s+"[^"]+"\s+with\s[^%]*?=\s*"([^"]+\.html)"')
# A template tag that renders a partial names it in Python: `inclusion_tag("app/_x.html")`.
INCLUSION_TAG = re.compile(r'inclusion_tag\(\s*"([^"]+)"')


def included() -> set[str]:
    in_templates = {
        name
        for path in TEMPLATES.rglob("*.html")
        for pattern in (INCLUDE, INCLUDE_ARGUMENT)
        for name in pattern.findall(path.read_text())
    }
    in_tags = {
        name
        for path in ROOT.glob("*/templatetags/*.py")
        for name in INCLUSION_TAG.findall(path.read_text())
    }
    return in_templates | in_tags


def test_every_included_template_is_a_partial_named_with_an_underscore():
    assert sorted(name for name in included() if not Path(name).name.startswith("_")) == []
    assert not list(TEMPLATES.rglob("partials"))


def test_every_partial_is_included_somewhere():
    partials = {str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("_*.html")}
    assert sorted(partials - included()) == []


def pagination(number, num_pages, query="q=heel&type=balance"):
    request = RequestFactory().get(f"/somewhere/?{query}&page={number}")
    context = {"number": number, "num_pages": num_pages, "label": "Pages of exercises"}
    return render_to_string("_pagination.html", context, request=request)


def test_the_pagination_marks_the_page_and_keeps_the_filters():
    html = pagination(2, 3)
    assert '<nav aria-label="Pages of exercises"' in html
    assert 'aria-current="page"><span class="page-link">Page 2 of 3</span>' in html
    assert 'rel="prev" href="?q=heel&amp;type=balance&amp;page=1"' in html
    assert 'rel="next" href="?q=heel&amp;type=balance&amp;page=3"' in html


@pytest.mark.parametrize(("number", "missing"), [(1, 'rel="prev"'), (3, 'rel="next"')])
def test_the_first_and_last_pages_have_no_link_beyond_them(number, missing):
    html = pagination(number, 3)
    assert missing not in html and "Page" in html


def test_a_single_page_has_no_pagination():
    assert pagination(1, 1).strip() == ""
