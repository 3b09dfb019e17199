"""One JSON line per request on the `stride.requests` logger, for log shippers.

It says which page answered (the URL pattern and view name, never the raw path: paths
carry patient and program ids), the status, the time taken and the role of the user. No
user id, e-mail, query string or IP: the audit trail is where people are recorded.
"""

import json
import logging
import time

from django.utils.functional import SimpleLazyObject

logger = logging.getLogger("stride.requests")


class RequestLoggingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        entry = {
            "method": request.method,
            "route": "/" + match.route if match else None,
            "view": match.view_name if match else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "role": _role(request),
        }
        logger.info(json.dumps(entry))
        return response


def _role(request) -> str:
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        # Only a user this request already loaded (AuthenticationMiddleware caches it on first
        # use): logging must not cost a database query.
        user = getattr(request, "_cached_user", None)
    if user is None:
        return "unknown"
    if not user.is_authenticated:
        return "anonymous"
    return user.role or ("staff" if user.is_staff else "none")
