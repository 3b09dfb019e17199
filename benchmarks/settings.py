"""The production settings plus what the benchmarks need, for `benchmarks/run.py` only.

It adds the request-logging middleware and its logger as the lead will add them to
config/settings.py, and a baseline view (`bench/baseline/`) that goes through the same
middleware, session and authentication as every page but does nothing else.
"""

from config.settings import *  # noqa: F403
from config.settings import LOGGING, MIDDLEWARE

ROOT_URLCONF = "benchmarks.urls"

if "config.request_logging.RequestLoggingMiddleware" not in MIDDLEWARE:
    MIDDLEWARE = [
        *MIDDLEWARE[:2],  # after SecurityMiddleware and WhiteNoise: static files stay quiet
        "config.request_logging.RequestLoggingMiddleware",
        *MIDDLEWARE[2:],
    ]
LOGGING = {
    **LOGGING,
    "formatters": {
        **LOGGING.get("formatters", {}),
        "message": {"format": "{message}", "style": "{"},
    },
    "handlers": {
        **LOGGING["handlers"],
        "requests": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "loggers": {
        **LOGGING["loggers"],
        "stride.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
}
