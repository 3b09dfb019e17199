"""The server-error page, which tells a lost database apart from a bug.

While PostgreSQL restarts (or a failover runs), requests fail with `OperationalError` or
`InterfaceError`: that is a moment of unavailability, so the answer is the plain 503 page
("try again in a moment") rather than the 500 page. Like Django's own handler, it renders
without a request context: no user, no database, nothing that could fail again.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
