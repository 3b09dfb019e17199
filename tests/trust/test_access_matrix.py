"""The access matrix: every URL pattern of the app, with real ids filled in, requested with
GET and POST by each of ten actors, against one table of expected outcomes.

The table is keyed by URL name; a pattern without a row fails. Each cell runs inside a
savepoint that is rolled back, so every cell starts from the same data. A POST that is
refused (login, 403, 404, 405) is a real, valid write attempt, and the data of every app
table is compared before and after it: nothing may change. A refused answer never shows
Bob's data.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.trust.world import ACTORS, app_url_patterns, data_fingerprint, valid_post

pytestmark = pytest.mark.django_db

OK, LOGIN, REDIRECT, ADMIN_LOGIN = "200", "login", "redirect", "admin-login"
REFUSED = {LOGIN, ADMIN_LOGIN, "403", "404", "405", "410"}
SIGNED_OUT = {"anonymous", "inactive"}
PATIENTS = {"patient_a", "patient_b"}
CLINICIANS = {"care_team", "same_clinic", "other_clinic"}
ADMINS = {"clinic_admin", "other_admin"}
NORTHSIDE_STAFF = {"care_team", "same_clinic", "clinic_admin"}


def access(allowed, *, others="403", foreign=()) -> dict:
    """Who passes: `allowed` actors reach the object, `foreign` ones pass the role check but
    the object is outside their reach (404), signed-out ones go to the login page, and
    everyone else gets `others`."""
    outcomes = {actor: others for actor in ACTORS} | {actor: LOGIN for actor in SIGNED_OUT}
    return outcomes | {actor: "404" for actor in foreign} | {actor: OK for actor in allowed}


# The named policies: who may reach a URL filled in with patient A's (Bob's) ids.
EVERYONE = {actor: OK for actor in ACTORS}
SIGNED_IN = access(set(ACTORS) - SIGNED_OUT)
PATIENT_PAGES = access(PATIENTS)
PATIENT_SELF = access({"patient_a"}, foreign={"patient_b"})
CLINIC_STAFF = access(CLINICIANS | ADMINS)
CARE_TEAM = access(
    {"care_team", "clinic_admin"}, foreign={"same_clinic", "other_clinic", "other_admin"}
)
NORTHSIDE_ONLY = access(NORTHSIDE_STAFF, foreign={"other_clinic", "other_admin"})
READ_ONLY_SHARED = access((), foreign=CLINICIANS | ADMINS)
CLINIC_ADMIN_ONLY = access(ADMINS)
CLINIC_ADMIN_OF_A = access({"clinic_admin"}, foreign={"other_admin"})


@dataclass(frozen=True)
class Row:
    """The expected outcomes of one URL (filled in with `kwargs`) for GET and POST.

    `who` says who reaches it; `methods` the methods the view accepts; `method_first` that
    the method check runs before the role check (so a wrong method is 405 for everyone).
    An actor who reaches it gets 200 for GET and `post` for POST (`get` overrides GET).
    """

    who: dict
    kwargs: object = None  # world -> URL kwargs
    methods: tuple = ("GET",)
    method_first: bool = False
    get: str = OK
    post: str = REDIRECT
    overrides: dict | None = None  # (method, actor) -> outcome

    def expected(self, method: str, actor: str) -> str:
        if self.overrides and (method, actor) in self.overrides:
            return self.overrides[method, actor]
        reach = self.who[actor]
        if method not in self.methods and (self.method_first or reach in (OK, "404")):
            return "405"
        if reach != OK:
            return reach
        return self.get if method == "GET" else self.post


def public(*, get=OK, post="405", kwargs=None, **options) -> Row:
    return Row(EVERYONE, kwargs, methods=("GET", "POST"), get=get, post=post, **options)


def get_only(who, kwargs=None, **options) -> Row:
    return Row(who, kwargs, methods=("GET",), **options)


def post_only(who, kwargs=None, **options) -> Row:
    return Row(who, kwargs, methods=("POST",), **options)


def form_page(who, kwargs=None, **options) -> Row:
    return Row(who, kwargs, methods=("GET", "POST"), **options)


def patient_id(w):
    return {"patient_id": w.bob.pk}


def program_id(w):
    return {"program_id": w.program.pk}


def own_template(w):
    return {"template_id": w.own_template.pk}


def shared_template(w):
    return {"template_id": w.shared_template.pk}


def own_exercise(w):
    return {"slug": w.own_exercise.slug}


def shared_exercise(w):
    return {"slug": w.shared_exercise.slug}


def signed_in_redirect(**options) -> Row:
    return get_only(SIGNED_IN, get=REDIRECT, **options)


# The sign-in page sends people who are signed in already to their home page.
AS_SIGNED_IN_REDIRECT = {
    (method, actor): REDIRECT if actor not in SIGNED_OUT else OK
    for method in ("GET", "POST")
    for actor in ACTORS
}

# The one table: URL name -> Row, or {variant: Row} when the ids matter (shared / own).
EXPECTED = {
    # Sign-in and account pages.
    "home": signed_in_redirect(),
    "login": public(overrides=AS_SIGNED_IN_REDIRECT),
    "logout": Row(EVERYONE, methods=("POST",), method_first=True, post=LOGIN),
    "logout_page": public(),
    "password_change": form_page(SIGNED_IN, post=OK),
    "password_change_done": get_only(SIGNED_IN),
    "password_reset": public(post=REDIRECT),
    "password_reset_done": public(),
    "password_reset_confirm": public(
        get=REDIRECT,
        post=REDIRECT,
        # Made when the row runs: a sign-in (last_login) invalidates earlier reset links.
        kwargs=lambda w: {
            "uidb64": w.reset_uid,
            "token": default_token_generator.make_token(w.bob),
        },
    ),
    "password_reset_complete": public(),
    "two_factor_setup": form_page(CLINIC_STAFF, post=OK),
    "two_factor_verify": form_page(CLINIC_STAFF, get=REDIRECT),
    "invitation_accept": {
        "pending": public(post=OK, kwargs=lambda w: {"token": w.invitation_token}),
        "used": Row(
            {actor: "410" for actor in ACTORS},
            kwargs=lambda w: {"token": w.used_invitation_token},
            methods=("GET", "POST"),
        ),
    },
    "healthz": public(),
    # Audit trail.
    "clinic_audit": get_only(CLINIC_ADMIN_ONLY, method_first=True),
    "clinic_audit_csv": get_only(CLINIC_ADMIN_ONLY, method_first=True),
    "access_log": get_only(PATIENT_PAGES, method_first=True),
    # Patients and the clinic's people.
    "patient_list": get_only(CLINIC_STAFF, method_first=True),
    "patient_new": form_page(CLINIC_STAFF, method_first=True),
    "patient_detail": get_only(CARE_TEAM, patient_id, method_first=True),
    "patient_edit": form_page(CARE_TEAM, patient_id, method_first=True),
    "patient_invitation_resend": post_only(CARE_TEAM, patient_id, method_first=True),
    "patient_care_team": form_page(CLINIC_ADMIN_OF_A, patient_id, method_first=True),
    "clinic_people": get_only(CLINIC_ADMIN_ONLY, method_first=True),
    "clinician_new": form_page(CLINIC_ADMIN_ONLY, method_first=True),
    "person_set_active": post_only(
        CLINIC_ADMIN_OF_A, lambda w: {"person_id": w.alice.pk}, method_first=True
    ),
    "person_set_role": post_only(
        CLINIC_ADMIN_OF_A, lambda w: {"person_id": w.alice.pk}, method_first=True
    ),
    "person_invitation_resend": post_only(
        CLINIC_ADMIN_OF_A, lambda w: {"person_id": w.alice.pk}, method_first=True
    ),
    "clinic_settings": form_page(CLINIC_ADMIN_ONLY, method_first=True),
    # The catalogue.
    "exercise_list": get_only(CLINIC_STAFF, method_first=True),
    "clinic_exercise_list": get_only(CLINIC_STAFF, method_first=True),
    "exercise_create": form_page(CLINIC_STAFF, method_first=True),
    "exercise_detail": {
        "shared": get_only(CLINIC_STAFF, shared_exercise, method_first=True),
        "own": get_only(NORTHSIDE_ONLY, own_exercise, method_first=True),
    },
    # Only the clinic's own exercise has a picture: the shared one's is a 404 for everyone.
    "exercise_image": {
        "shared": get_only(READ_ONLY_SHARED, shared_exercise, method_first=True),
        "own": get_only(NORTHSIDE_ONLY, own_exercise, method_first=True),
    },
    "exercise_edit": {
        "shared": form_page(READ_ONLY_SHARED, shared_exercise, method_first=True),
        "own": form_page(NORTHSIDE_ONLY, own_exercise, method_first=True),
    },
    "exercise_archive": {
        "shared": post_only(READ_ONLY_SHARED, shared_exercise, method_first=True),
        "own": post_only(NORTHSIDE_ONLY, own_exercise, method_first=True),
    },
    "exercise_restore": {
        "shared": post_only(READ_ONLY_SHARED, shared_exercise, method_first=True),
        "own": post_only(NORTHSIDE_ONLY, own_exercise, method_first=True),
    },
    "condition_list": get_only(CLINIC_STAFF, method_first=True),
    "condition_detail": get_only(
        CLINIC_STAFF, lambda w: {"slug": w.condition.slug}, method_first=True
    ),
    # Programs and templates.
    "patient_home": get_only(PATIENT_PAGES),
    "clinician_home": get_only(CLINIC_STAFF, method_first=True),
    "program_new": form_page(CARE_TEAM, patient_id),
    "program_detail": get_only(CARE_TEAM, program_id),
    "program_edit": form_page(CARE_TEAM, program_id),
    "program_handout": get_only(CARE_TEAM, program_id),
    "program_print": get_only(CARE_TEAM, program_id),
    "program_save_as_template": form_page(CARE_TEAM, program_id),
    "template_list": get_only(CLINIC_STAFF),
    "template_edit": {
        "shared": form_page(READ_ONLY_SHARED, shared_template),
        "own": form_page(NORTHSIDE_ONLY, own_template),
    },
    "template_archive": {
        "shared": post_only(READ_ONLY_SHARED, shared_template),
        "own": post_only(NORTHSIDE_ONLY, own_template),
    },
    "my_programs": get_only(PATIENT_PAGES),
    "my_program": get_only(PATIENT_SELF, program_id),
    "patient_history": get_only(PATIENT_PAGES),
    "save_log": post_only(
        PATIENT_SELF, lambda w: {"program_id": w.program.pk, "day": w.today.isoformat()}
    ),
    # Review.
    "caseload_csv": get_only(CLINIC_STAFF, method_first=True),
    "patient_report": get_only(CARE_TEAM, patient_id, method_first=True),
    "patient_logs_csv": get_only(CARE_TEAM, patient_id, method_first=True),
    "acknowledge_computed_flag": post_only(CARE_TEAM, patient_id, method_first=True),
    "apply_suggestion": post_only(CARE_TEAM, patient_id, method_first=True),
    "acknowledge_flag": post_only(CARE_TEAM, lambda w: {"flag_id": w.flag.pk}, method_first=True),
}
# The Django admin is one row: staff get in, everyone else goes to the admin's sign-in.
# Its index answers a POST as a GET, and changes nothing.
ADMIN_ROW = Row(
    {actor: ADMIN_LOGIN for actor in ACTORS} | {"staff": OK}, methods=("GET", "POST"), post=OK
)


def url_names():
    return [name for name, _pattern in app_url_patterns()]


def cells(world):
    """(url, method, actor, expected, url name) for every cell of the matrix."""
    for name in url_names():
        entry = EXPECTED[name]
        variants = entry if isinstance(entry, dict) else {"": entry}
        for row in variants.values():
            url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
            for method in ("GET", "POST"):
                for actor in ACTORS:
                    yield url, method, actor, row.expected(method, actor), name
    for method in ("GET", "POST"):
        for actor in ACTORS:
            yield "/admin/", method, actor, ADMIN_ROW.expected(method, actor), "admin"


def outcome(response) -> str:
    if response.status_code != 302:
        return str(response.status_code)
    if response.url.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    if response.url.startswith(reverse(settings.LOGIN_URL)):
        return LOGIN
    return REDIRECT


def signed_in_clients(world) -> dict:
    clients = {}
    for actor, user in world.actors.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[actor] = (client, dict(client.cookies.items()))
    world.actors["inactive"].is_active = False
    world.actors["inactive"].save(update_fields=["is_active"])
    return clients


WRITES = {
    "patient_new",
    "patient_edit",
    "clinician_new",
    "person_set_active",
    "person_set_role",
    "patient_care_team",
    "clinic_settings",
    "exercise_create",
    "exercise_edit",
    "program_new",
    "program_edit",
    "program_save_as_template",
    "template_edit",
    "save_log",
    "acknowledge_flag",
}
SECRETS_OF_A = ["Bob Hughes", "bob@patients.test", "Bob&#x27;s heel program", "private note"]


def test_every_url_answers_every_actor_as_the_table_says(world):
    clients = signed_in_clients(world)
    listed = set(url_names())
    assert not listed - set(EXPECTED), "URL patterns without a row in the access table"
    assert not set(EXPECTED) - listed, "rows of the access table for URLs that do not exist"

    # Every cell is rolled back, so each starts from this same data.
    before = data_fingerprint()
    wrong, leaks, changed, wrote, count = [], [], [], set(), 0
    for url, method, actor, expected, name in cells(world):
        client, cookies = clients[actor]
        client.cookies.clear()
        for key, cookie in cookies.items():
            client.cookies[key] = cookie.value
        user = world.actors[actor]
        data = valid_post(name, world, user) if method == "POST" else None
        with transaction.atomic():
            response = client.post(url, data) if method == "POST" else client.get(url)
            got = outcome(response)
            if got != expected:
                wrong.append(f"{method} {url} as {actor}: expected {expected}, got {got}")
            if got in REFUSED:
                body = b"".join(response) if response.streaming else response.content
                leaks += [f"{method} {url} as {actor}" for s in SECRETS_OF_A if s.encode() in body]
                if method == "POST" and data_fingerprint() != before:
                    changed.append(f"{method} {url} as {actor} ({got}) changed data")
            elif method == "POST" and data and data_fingerprint() != before:
                wrote.add(name)
            transaction.set_rollback(True)
        count += 1

    print(f"access matrix: {count} cells")
    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)
    assert not changed, "\n".join(changed)
    # The same posts do write when the actor may: the refusals above are real refusals.
    assert wrote >= WRITES, WRITES - wrote
    assert count >= 1000
