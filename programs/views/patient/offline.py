"""Stride as an installable app: the service worker, the web app manifest, the page shown
offline for a page the phone has not kept, and the key a queued save is sent with
(docs/offline.md)."""

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access import patient_required
from programs.offline import worker_source

THEME_COLOUR = "#0a58ca"  # the navigation bar's blue (static/css/stride.css)
BACKGROUND_COLOUR = "#ffffff"


@require_GET
def service_worker(request):
    """Served from the site's root, so its scope can hold Today (/today/) and the other
    patient pages (/my/): they share no deeper path. It handles those paths only."""
    response = HttpResponse(worker_source(), content_type="text/javascript; charset=utf-8")
    # A browser checks for a new worker on every visit; never an old copy from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def web_manifest(request):
    icon = {"type": "image/png"}
    manifest = {
        "id": reverse("patient_home"),
        "name": "Stride",
        "short_name": "Stride",
        "description": "Your exercises for today, and your daily log, also with no signal.",
        "start_url": reverse("patient_home"),
        # The whole site, not only the patient's pages: signing in (/login/) must stay
        # inside the installed app's window.
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            icon | {"src": static("icons/icon-192.png"), "sizes": "192x192"},
            icon | {"src": static("icons/icon-512.png"), "sizes": "512x512"},
            icon
            | {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@require_GET
def offline_page(request):
    """What the worker shows offline in place of a page the phone has not kept. The same for
    everyone and stored when the worker installs, so it names no one."""
    return render(request, "programs/offline.html", {"today_url": reverse("patient_home")})


@require_GET
@patient_required
def offline_session(request):
    """A fresh CSRF token and who is signed in, asked for before a queued save is sent:
    a save made by one patient is never sent under another one's session. Not audited:
    it shows nothing but the patient's own id."""
    return JsonResponse({"csrf": get_token(request), "patient": str(request.user.pk)})
