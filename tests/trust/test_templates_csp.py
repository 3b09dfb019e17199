"""Templates stay within the Content Security Policy: a style or script the policy blocks
fails silently in the browser (charts turn into black shapes), so it fails here instead."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
BLOCKED = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event-handler attribute": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "a <style> without the nonce": re.compile(r"<style(?![^>]*nonce=)[^>]*>", re.I),
    "a <script> without the nonce": re.compile(r"<script(?![^>]*nonce=)[^>]*>", re.I),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_it_uses_nothing_the_policy_blocks(template):
    text = template.read_text()
    found = [name for name, pattern in BLOCKED.items() if pattern.search(text)]
    assert not found, f"{template}: {', '.join(found)}"
