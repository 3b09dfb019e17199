"""A digest of the code that draws pages: templates, Python sources and the data files
beside them. Cached fragments carry it in their keys, so a new release never serves a page
drawn by the one before."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

DRAWING_CODE = ("accounts", "config", "exercises", "programs", "templates")
SUFFIXES = {".py", ".html", ".yaml", ".sql"}


@cache
def release_digest() -> str:
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in DRAWING_CODE:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
