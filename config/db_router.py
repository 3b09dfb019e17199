"""Heavy reads from the read replica, everything else from the primary.

With DATABASE_REPLICA_URL set, the views marked `@replica_reads` (the caseload, the report,
the exports: pages that read a year of logs for hundreds of patients) read from the
streaming standby, and so do the raw SQL statements they run through `read_connection()`.
Every write, and every read anywhere else (sign-in, sessions, the patient's own pages),
goes to the primary ("default").

The replica is used only when all of these hold:
- the request is inside a `@replica_reads` view (a context variable marks it);
- this browser has not written in the last REPLICA_PIN_SECONDS (any POST sets a signed,
  timestamped cookie): whoever has just saved reads their own write from the primary;
- the replica's lag (config/replica.py, read once a second) is within
  REPLICA_MAX_LAG_SECONDS; a lagging or unreachable replica falls back to the primary.

The pin lasts the lag bound plus the lag reading's age, so once it ends, a replica within
the bound has replayed the write (every commit older than the lag has been replayed).
"""

import contextvars
import functools

from django.conf import settings
from django.db import connections
from django.http import StreamingHttpResponse

from config.replica import REPLICA, replica_configured, replica_lag

PIN_COOKIE = "stride_primary"
_PIN_SALT = "config.db_router.pin"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

# True inside a `replica_reads` view for a browser that may read from the replica.
_heavy_read = contextvars.ContextVar("heavy_read", default=False)


def read_alias() -> str:
    """Where a read goes now: "replica" or "default"."""
    if _heavy_read.get() and replica_configured() and replica_lag().usable:
        return REPLICA
    return "default"


def read_connection():
    """The connection for a raw SQL read (the ORM asks the router by itself)."""
    return connections[read_alias()]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def pinned_to_primary(request) -> bool:
    """Did this browser write (POST) in the last REPLICA_PIN_SECONDS?"""
    return (
        request.get_signed_cookie(
            PIN_COOKIE, default=None, salt=_PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS
        )
        is not None
    )


def replica_reads(view):
    """Mark a view's reads as heavy: the replica may serve them. A streamed response's
    content is read after the view returns, so its iteration is marked too."""

    @functools.wraps(view)
    def marked_view(request, *args, **kwargs):
        if not replica_configured():
            return view(request, *args, **kwargs)
        # The session and the user come from the primary: a sign-in is a write.
        request.user.is_authenticated  # noqa: B018  (loads them now, before the mark)
        heavy = not pinned_to_primary(request)
        token = _heavy_read.set(heavy)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _heavy_read.reset(token)
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = _marked(response.streaming_content, heavy)
        return response

    return marked_view


def _marked(chunks, heavy: bool):
    """Yield from `chunks` with each step of it taken under the view's mark."""
    while True:
        token = _heavy_read.set(heavy)
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        finally:
            _heavy_read.reset(token)
        yield chunk


class PinToPrimaryMiddleware:
    """After any write request, read from the primary for REPLICA_PIN_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
