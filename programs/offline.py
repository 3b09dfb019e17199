"""What a patient's phone may keep for use offline (docs/offline.md).

The service worker keeps a page only when the server marks it with `Stride-Offline: <the
patient's id>`. This middleware marks the few pages a patient needs where there is no
signal — Today and its earlier days, their programs, their condition and their exercise
pictures — for a signed-in patient only: never a clinician's page, never their messages
or their access log. The worker also keeps the app shell: the static files below.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse

from accounts.models import Role

OFFLINE_HEADER = "Stride-Offline"
# The patient's pages live under these paths (programs/urls.py): the worker handles no other
# request, except the daily log's save (/log/<program>/<day>/), which it queues offline.
PATIENT_AREAS = ("/today/", "/my/")
OFFLINE_PAGES = frozenset(
    {"patient_home", "my_programs", "my_program", "about_condition", "patient_exercise_picture"}
)

# The app shell, stored when the worker installs: what Today needs to open offline.
SHELL = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/stride.css",
    "css/illustrations.css",
    "css/daily_log.css",
    "js/offline.js",
    "js/offline_queue.js",
    "js/guided_session.js",
    "img/favicon.svg",
    "icons/icon-192.png",
)
# The worker's own code, served inside /sw.js (programs.views.patient.offline).
WORKER_SCRIPTS = ("js/offline_queue.js", "js/service_worker.js")


class OfflinePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        user = request.user
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.url_name in OFFLINE_PAGES
            and user.is_authenticated
            and user.role == Role.PATIENT
        ):
            response[OFFLINE_HEADER] = str(user.pk)
        return response


def _read(path: str) -> bytes:
    with open(finders.find(path), "rb") as file:
        return file.read()


def worker_source() -> str:
    """The service worker: its settings, then its scripts. The version names the caches and
    changes with any shell file or worker script, so a deploy replaces what phones hold
    (and a byte-changed /sw.js is what makes browsers install the new worker). Built on
    each request, a millisecond's work, so a changed file is never served stale."""
    digest = hashlib.sha256()
    for path in SHELL + WORKER_SCRIPTS:
        digest.update(static(path).encode() + _read(path))
    worker_settings = {
        "version": digest.hexdigest()[:16],
        "shell": [static(path) for path in SHELL],
        "areas": PATIENT_AREAS,
        "static": settings.STATIC_URL,
        # Hashed names (production): a static file kept once never needs asking for again.
        "hashed": isinstance(staticfiles_storage, ManifestFilesMixin) and not settings.DEBUG,
        "today": reverse("patient_home"),
        "offline": reverse("offline_page"),
        "session": reverse("offline_session"),
    }
    scripts = "\n".join(_read(path).decode() for path in WORKER_SCRIPTS)
    return f"self.STRIDE = {json.dumps(worker_settings)};\n{scripts}"
