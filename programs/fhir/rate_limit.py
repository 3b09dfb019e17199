"""At most so many requests a minute for each API token, counted in Django's cache.

The count is per clock minute (a fixed window): simple, and a burst across a minute's end
gets at most twice the limit. With several web processes the cache must be shared (Redis)
for the limit to hold across them; the default in-process cache counts per process.
"""

import math
import time

from django.core.cache import cache

REQUESTS_PER_MINUTE = 60


def retry_after(token, now: float | None = None) -> int | None:
    """Count one request of `token`: None while it is within the limit, else the seconds to
    wait until the next minute starts (what the 429's Retry-After says)."""
    now = time.time() if now is None else now
    window = int(now // 60)
    key = f"fhir-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)
    if cache.incr(key) <= REQUESTS_PER_MINUTE:
        return None
    return max(1, math.ceil((window + 1) * 60 - now))
