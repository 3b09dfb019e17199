"""A request body over its page's limit is refused before a byte of it is read.

Django reads a whole body as soon as anything asks for `request.POST` or `request.FILES` (the
CSRF check does, on every POST), spooling uploaded files to disk, and the picture's 2 MB
check (exercises/images.py) runs only after that: a 50 MB post was read and stored first.
The length a client declares is in the headers, and Django never reads past it (a body
without one, e.g. chunked, is read as empty), so a declared length over the limit is answered
here with the 413 page and the body is left unread. nginx refuses anything over 3 MB before
it reaches the app (config/deploy/nginx.conf).
"""

from django.http import HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve

# Any form: a hostile 100,000-character value in a few fields still fits (tests/trust fuzzes
# with them), and none of the app's forms comes near.
MAX_BODY_BYTES = 512 * 1024
# A picture of up to 2 MB with the rest of its form.
PICTURE_BODY_BYTES = 2560 * 1024
# The pages that upload a picture: a clinic's exercise form, and the catalogue's in the admin.
PICTURE_PAGES = {
    "exercise_create",
    "exercise_edit",
    "admin:exercises_exercise_add",
    "admin:exercises_exercise_change",
}


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = declared_length(request)
        if declared > MAX_BODY_BYTES and declared > body_limit(request.path_info):
            return HttpResponse(loader.get_template("413.html").render(), status=413)
        return self.get_response(request)


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads such a body as empty


def body_limit(path: str) -> int:
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        return MAX_BODY_BYTES
    return PICTURE_BODY_BYTES if view_name in PICTURE_PAGES else MAX_BODY_BYTES
