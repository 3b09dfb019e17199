"""The production settings plus a baseline view, for `benchmarks/run.py` only.

`bench/baseline/` goes through the same middleware (request logging included), session
and authentication as every page but does nothing else.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
