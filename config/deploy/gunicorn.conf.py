"""Gunicorn in production, behind nginx (config/deploy/nginx.conf):

    gunicorn -c config/deploy/gunicorn.conf.py config.wsgi

The Dockerfile's command, and what benchmarks/production_stack.py starts for the slow-client
and database-restart benchmarks. GUNICORN_BIND and WEB_CONCURRENCY set the address and the
number of workers.

Sync workers: one request at a time each, start to finish. Alone in front of the internet
they wait on every byte of a slow client; behind nginx, which buffers whole requests and whole
responses, they only ever talk to nginx at local network speed, so a worker's time is the
application's time. That is what Django's blocking ORM and one database connection per
worker (CONN_MAX_AGE) expect; threaded or async workers would add concurrency the app has no
use for behind the proxy.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# The app is imported once, in the master, then forked: a broken release fails at start, not
# in each worker; workers share the loaded code's memory (config/wsgi.py freezes it out of
# the garbage collector first) and a replacement worker starts in milliseconds.
preload_app = True
# Each worker is replaced after 2,000–2,200 requests (the jitter keeps them from all going at
# once): slow memory growth in a long-lived process stays bounded.
max_requests = 2000
max_requests_jitter = 200
# A request still running after 30 s is stuck (the slowest page, a large clinic's CSV, takes
# about a second): its worker is killed and replaced.
timeout = 30
# The workers' heartbeat files in memory, as gunicorn's documentation advises: on a
# container's disk-backed filesystem the heartbeat's fchmod can block a worker. (Only the
# heartbeat goes there: the name is not predictable and nothing is read back.)
SHARED_MEMORY = "/dev/shm"  # noqa: S108 # nosec B108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# No access log: the app logs one line per request without paths or addresses
# (config/request_logging.py), and nginx one more without them.
accesslog = None
