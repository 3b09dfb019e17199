"""The today page's body, drawn once for the rows it shows, then served from memory.

The body (templates/programs/today_body.html) reads a patient's programs, their status
history, prescriptions and exercises, the conditions, the logs and completions of the
logging window, the flags, check-ins and outcome questionnaires, the profile and the clinic.
One query (today_rows.sql) lists the version of each of those rows: where it lies in its
table (ctid) and the transaction that wrote it (xmin). PostgreSQL gives every insert and
every update a new pair, and a delete takes one away, so a digest of the pairs changes
whenever anything the body shows does. The cache key is that digest with the patient, the
day, the window and the release: nothing is ever invalidated, nothing served is stale.

Cached in the "pages" cache, local memory of each web process and never a shared server:
the body holds pain scores and notes, which stay in the database and in the process that
draws them. The log forms' CSRF token is the one per-request part: the body is drawn with a
placeholder, which each request replaces with its own token.
"""

from pathlib import Path

from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

from config.release import release_digest

_ROWS_SQL = (Path(__file__).with_name("today_rows.sql")).read_text()
# Letters and digits only: the csrf_token tag prints it as it is, and it is found again.
CSRF_PLACEHOLDER = "csrfplaceholder0stride0today0body"
BODY_SECONDS = 24 * 60 * 60


def rows_digest(*, patient, first, today) -> str:
    """A digest of the versions of every row the body reads (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_ROWS_SQL, {"patient": patient.pk, "first": first, "today": today})
        return cursor.fetchone()[0] or ""


def body_key(*, patient, day, today, window) -> str:
    digest = rows_digest(patient=patient, first=window.first, today=today)
    return f"today:{release_digest()}:{patient.pk}:{day}:{today}:{window.first}:{digest}"


def today_body(request, *, day, today, window, draw) -> str:
    """The body for `day`: from the cache, or drawn by `draw(context_overrides)` and kept.
    `draw` must read nothing but the rows today_rows.sql lists."""
    pages = caches["pages"]
    key = body_key(patient=request.user, day=day, today=today, window=window)
    body = pages.get(key)
    if body is None:
        body = draw({"csrf_token": CSRF_PLACEHOLDER})
        pages.set(key, body, BODY_SECONDS)
    return mark_safe(body.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 # nosec B308 B703
