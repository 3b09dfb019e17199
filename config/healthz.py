"""`/healthz` for load balancers and orchestrators: is this process up, does the database answer.

No sign-in and nothing about anyone: a status word for the process and one for the database.
With a read replica configured, its lag too (config/replica.py): a lagging or unreachable
replica leaves the status "ok", since the heavy pages then read from the primary.
"""

import math

from django.db import Error, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.replica import replica_configured, replica_lag


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    body = {"status": "ok", "database": "ok"}
    if replica_configured():
        lag = replica_lag(fresh=True)
        finite = lag.seconds is not None and math.isfinite(lag.seconds)
        body["replica"] = {
            "status": lag.status,
            "lag_seconds": round(lag.seconds, 3) if finite else None,
            "bytes_behind": lag.bytes_behind,
        }
    return JsonResponse(body)
