"""The access matrix: every URL pattern of the app, with real ids filled in, requested with
GET and POST by each of ten actors, against one table of expected outcomes.

The table is keyed by URL name; a pattern without a row fails. Each cell runs inside a
savepoint that is rolled back, so every cell starts from the same data. A POST that is
refused (login, 403, 404, 405) is a real, valid write attempt, and the data of every app
table is compared before and after it: nothing may change. A refused answer never shows
Bob's data. An allowed request to a page that shows or changes patient data writes exactly
one audit row, with an action of the vocabulary.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.audit_actions import PATIENT_PHRASES, AuditAction
from accounts.models import AuditEvent
from tests.factories import pass_second_factor
from tests.trust.world import ACTORS, app_url_patterns, data_fingerprint, valid_post

pytestmark = pytest.mark.django_db

OK, LOGIN, REDIRECT, ADMIN_LOGIN = "200", "login", "redirect", "admin-login"
REFUSED = {LOGIN, ADMIN_LOGIN, "401", "403", "404", "405", "410"}
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
SECOND_FACTOR_USERS = access(CLINICIANS | ADMINS | {"staff"})
CARE_TEAM = access(
    {"care_team", "clinic_admin"}, foreign={"same_clinic", "other_clinic", "other_admin"}
)
NORTHSIDE_ONLY = access(NORTHSIDE_STAFF, foreign={"other_clinic", "other_admin"})
READ_ONLY_SHARED = access((), foreign=CLINICIANS | ADMINS)
CLINIC_ADMIN_ONLY = access(ADMINS)
CLINIC_ADMIN_OF_A = access({"clinic_admin"}, foreign={"other_admin"})
# The FHIR endpoint takes an API token, never a session: every actor here is a 401
# (tests/trust/test_fhir_tokens.py has its table of tokens).
TOKEN_ONLY = {actor: "401" for actor in ACTORS}


@dataclass(frozen=True)
class Row:
    """The expected outcomes of one URL (filled in with `kwargs`) for GET and POST.

    `who` says who reaches it; `methods` the methods the view accepts (the method check runs
    first, so any other method is 405 for everyone, signed out included). An actor who
    reaches it gets 200 for GET and `post` for POST (`get` overrides GET). `patient_data`
    names the methods with which the page shows or changes patient data: each allowed
    request with one of them writes exactly one audit row.
    """

    who: dict
    kwargs: object = None  # world -> URL kwargs
    methods: tuple = ("GET",)
    patient_data: tuple = ()
    get: str = OK
    post: str = REDIRECT
    overrides: dict | None = None  # (method, actor) -> outcome

    def expected(self, method: str, actor: str) -> str:
        if self.overrides and (method, actor) in self.overrides:
            return self.overrides[method, actor]
        if method not in self.methods:
            return "405"
        reach = self.who[actor]
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


def outcome_kwargs(w):
    return {"program_id": w.program.pk, "due_on": w.program.start_date.isoformat()}


# Shows or changes patient data whatever the method (a wrong method is refused first anyway).
PATIENT_DATA = ("GET", "POST")


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
    "logout": Row(EVERYONE, methods=("POST",), post=LOGIN),
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
    # Stride's staff come in with their app confirmed: setting up another is sent to the code.
    "two_factor_setup": form_page(
        SECOND_FACTOR_USERS,
        post=OK,
        overrides={("GET", "staff"): REDIRECT, ("POST", "staff"): REDIRECT},
    ),
    "two_factor_verify": form_page(
        SECOND_FACTOR_USERS, get=REDIRECT, overrides={("GET", "staff"): OK, ("POST", "staff"): OK}
    ),
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
    "clinic_audit": get_only(CLINIC_ADMIN_ONLY, patient_data=PATIENT_DATA),
    "clinic_audit_csv": get_only(CLINIC_ADMIN_ONLY, patient_data=PATIENT_DATA),
    "access_log": get_only(PATIENT_PAGES, patient_data=PATIENT_DATA),
    # Patients and the clinic's people.
    "patient_list": get_only(CLINIC_STAFF, patient_data=PATIENT_DATA),
    # The empty form shows nobody: only the POST that adds a patient is audited.
    "patient_new": form_page(CLINIC_STAFF, patient_data=("POST",)),
    "patient_detail": get_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "patient_edit": form_page(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "patient_health_screen": form_page(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "patient_invitation_resend": post_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "patient_care_team": form_page(CLINIC_ADMIN_OF_A, patient_id, patient_data=PATIENT_DATA),
    "clinic_people": get_only(CLINIC_ADMIN_ONLY),
    "clinician_new": form_page(CLINIC_ADMIN_ONLY),
    "person_set_active": post_only(CLINIC_ADMIN_OF_A, lambda w: {"person_id": w.alice.pk}),
    "person_set_role": post_only(CLINIC_ADMIN_OF_A, lambda w: {"person_id": w.alice.pk}),
    "person_invitation_resend": post_only(CLINIC_ADMIN_OF_A, lambda w: {"person_id": w.alice.pk}),
    "clinic_settings": form_page(CLINIC_ADMIN_ONLY),
    # The catalogue.
    "exercise_list": get_only(CLINIC_STAFF),
    "illustration_gallery": get_only(access(CLINICIANS | ADMINS | {"staff"})),
    "clinic_exercise_list": get_only(CLINIC_STAFF),
    "exercise_create": form_page(CLINIC_STAFF),
    "exercise_detail": {
        "shared": get_only(CLINIC_STAFF, shared_exercise),
        "own": get_only(NORTHSIDE_ONLY, own_exercise),
    },
    # Only the clinic's own exercise has a picture: the shared one's is a 404 for everyone.
    "exercise_image": {
        "shared": get_only(READ_ONLY_SHARED, shared_exercise),
        "own": get_only(NORTHSIDE_ONLY, own_exercise),
    },
    "exercise_edit": {
        "shared": form_page(READ_ONLY_SHARED, shared_exercise),
        "own": form_page(NORTHSIDE_ONLY, own_exercise),
    },
    "exercise_archive": {
        "shared": post_only(READ_ONLY_SHARED, shared_exercise),
        "own": post_only(NORTHSIDE_ONLY, own_exercise),
    },
    "exercise_restore": {
        "shared": post_only(READ_ONLY_SHARED, shared_exercise),
        "own": post_only(NORTHSIDE_ONLY, own_exercise),
    },
    "condition_list": get_only(CLINIC_STAFF),
    "condition_detail": get_only(CLINIC_STAFF, lambda w: {"slug": w.condition.slug}),
    # Programs and templates.
    "patient_home": get_only(PATIENT_PAGES, patient_data=PATIENT_DATA),
    "clinician_home": get_only(CLINIC_STAFF, patient_data=PATIENT_DATA),
    "program_new": form_page(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "program_detail": get_only(CARE_TEAM, program_id, patient_data=PATIENT_DATA),
    "program_edit": form_page(CARE_TEAM, program_id, patient_data=PATIENT_DATA),
    "program_handout": get_only(CARE_TEAM, program_id, patient_data=PATIENT_DATA),
    "program_print": get_only(CARE_TEAM, program_id, patient_data=PATIENT_DATA),
    "program_save_as_template": form_page(CARE_TEAM, program_id, patient_data=PATIENT_DATA),
    "template_list": get_only(CLINIC_STAFF),
    "template_edit": {
        "shared": form_page(READ_ONLY_SHARED, shared_template),
        "own": form_page(NORTHSIDE_ONLY, own_template),
    },
    "template_archive": {
        "shared": post_only(READ_ONLY_SHARED, shared_template),
        "own": post_only(NORTHSIDE_ONLY, own_template),
    },
    "my_programs": get_only(PATIENT_PAGES, patient_data=PATIENT_DATA),
    "my_program": get_only(PATIENT_SELF, program_id, patient_data=PATIENT_DATA),
    "patient_history": get_only(PATIENT_PAGES, patient_data=PATIENT_DATA),
    # The patient's account page, and their own handouts (Bob's program is Dana's 404).
    "my_account": form_page(PATIENT_PAGES, patient_data=PATIENT_DATA),
    "my_program_handout": get_only(PATIENT_SELF, program_id, patient_data=PATIENT_DATA),
    "my_program_print": get_only(PATIENT_SELF, program_id, patient_data=PATIENT_DATA),
    # Dana has no check-in questions: her page says so, and her post goes back to Today.
    "check_in": form_page(PATIENT_PAGES, patient_data=PATIENT_DATA),
    # Only the patient's own conditions: Dana has no program for heel pain, so it is a 404.
    "about_condition": get_only(
        PATIENT_SELF, lambda w: {"slug": w.condition.slug}, patient_data=PATIENT_DATA
    ),
    "check_in_result": get_only(
        PATIENT_SELF, lambda w: {"check_in_id": w.check_in.pk}, patient_data=PATIENT_DATA
    ),
    # Not audited: the exercise's picture, like exercise_image, shows nothing of Bob's.
    "patient_exercise_picture": get_only(
        PATIENT_SELF, lambda w: {"prescription_id": w.pictured_prescription.pk}
    ),
    "save_log": post_only(
        PATIENT_SELF,
        lambda w: {"program_id": w.program.pk, "day": w.today.isoformat()},
        patient_data=PATIENT_DATA,
    ),
    "save_hardest": post_only(
        PATIENT_SELF,
        lambda w: {"program_id": w.program.pk, "day": w.today.isoformat()},
        patient_data=PATIENT_DATA,
    ),
    # The outcome questionnaires due for Bob's program today (its baseline): Dana's 404.
    "outcomes_due": get_only(PATIENT_SELF, outcome_kwargs, patient_data=PATIENT_DATA),
    "outcome_page": form_page(
        PATIENT_SELF,
        lambda w: outcome_kwargs(w) | {"instrument": "PSFS"},
        patient_data=PATIENT_DATA,
    ),
    # Review.
    "caseload_csv": get_only(CLINIC_STAFF, patient_data=PATIENT_DATA),
    "patient_report": get_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "patient_logs_csv": get_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "patient_outcomes_csv": get_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "acknowledge_computed_flag": post_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "apply_suggestion": form_page(
        CARE_TEAM,
        lambda w: {
            "patient_id": w.bob.pk,
            "prescription_id": w.prescription.pk,
            "kind": "smaller-dose",
        },
        patient_data=PATIENT_DATA,
    ),
    "acknowledge_flag": post_only(
        CARE_TEAM, lambda w: {"flag_id": w.flag.pk}, patient_data=PATIENT_DATA
    ),
    # Reminders, the calendar feed and messages. The feed and the unsubscribe link work
    # signed out: their token is the key, whoever holds it (a calendar app, a mail app).
    "reminder_settings": form_page(PATIENT_PAGES, patient_data=PATIENT_DATA),
    "calendar_link": post_only(PATIENT_PAGES, patient_data=PATIENT_DATA),
    "calendar_feed": public(kwargs=lambda w: {"token": w.feed_token}, patient_data=("GET",)),
    "reminders_unsubscribe": public(
        post=OK, kwargs=lambda w: {"token": w.unsubscribe_token}, patient_data=("POST",)
    ),
    "patient_messages": form_page(PATIENT_PAGES, patient_data=PATIENT_DATA),
    # A clinician outside Bob's care team gets a 404; a deactivated one is signed out.
    "clinician_messages": form_page(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    # Stride as an installable app (docs/offline.md): the worker, the manifest and the
    # offline page name no one; the key queued saves are sent with answers a patient only.
    "service_worker": public(),
    "web_manifest": public(),
    "offline_page": public(),
    "offline_session": get_only(PATIENT_PAGES),
    # The health record in FHIR: the care team's download, the clinic's API tokens, and the
    # endpoint for integrations.
    "patient_fhir_record": get_only(CARE_TEAM, patient_id, patient_data=PATIENT_DATA),
    "api_tokens": form_page(CLINIC_ADMIN_ONLY, post=OK),
    "api_token_revoke": post_only(CLINIC_ADMIN_OF_A, lambda w: {"token_id": w.api_token.pk}),
    "fhir_everything": get_only(TOKEN_ONLY, patient_id),
    "fhir_read": {
        "patient": get_only(
            TOKEN_ONLY, lambda w: {"resource_type": "Patient", "resource_id": w.bob.pk}
        ),
        "condition": get_only(
            TOKEN_ONLY,
            lambda w: {
                "resource_type": "Condition",
                "resource_id": f"{w.bob.pk.hex}-{w.condition.pk}",
            },
        ),
        "careplan": get_only(
            TOKEN_ONLY, lambda w: {"resource_type": "CarePlan", "resource_id": w.program.pk}
        ),
        "observation": get_only(
            TOKEN_ONLY,
            lambda w: {"resource_type": "Observation", "resource_id": f"{w.log.pk}-morning"},
        ),
    },
}
# The Django admin is one row: staff get in, everyone else goes to the admin's sign-in.
# Its index answers a POST as a GET, and changes nothing.
ADMIN_ROW = Row(
    {actor: ADMIN_LOGIN for actor in ACTORS} | {"staff": OK}, methods=("GET", "POST"), post=OK
)


def url_names():
    return [name for name, _pattern in app_url_patterns()]


def cells(world):
    """(url, method, actor, expected, url name, row) for every cell of the matrix."""
    for name in url_names():
        entry = EXPECTED[name]
        variants = entry if isinstance(entry, dict) else {"": entry}
        for row in variants.values():
            url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
            for method in ("GET", "POST"):
                for actor in ACTORS:
                    yield url, method, actor, row.expected(method, actor), name, row
    for method in ("GET", "POST"):
        for actor in ACTORS:
            yield "/admin/", method, actor, ADMIN_ROW.expected(method, actor), "admin", ADMIN_ROW


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
        if user is not None and user.is_staff:
            pass_second_factor(client, user)  # the admin's gate, passed as staff do
        elif user is not None:
            client.force_login(user)
        clients[actor] = (client, dict(client.cookies.items()))
    world.actors["inactive"].is_active = False
    world.actors["inactive"].save(update_fields=["is_active"])
    return clients


WRITES = {
    "patient_new",
    "patient_edit",
    "patient_health_screen",
    "clinician_new",
    "person_set_active",
    "person_set_role",
    "patient_care_team",
    "clinic_settings",
    "api_tokens",
    "exercise_create",
    "exercise_edit",
    "program_new",
    "program_edit",
    "program_save_as_template",
    "template_edit",
    "save_log",
    "save_hardest",
    "check_in",
    "my_account",
    "acknowledge_flag",
    "apply_suggestion",
    "reminder_settings",
    "calendar_link",
    "reminders_unsubscribe",
    "patient_messages",
    "clinician_messages",
}
SECRETS_OF_A = ["Bob Hughes", "bob@patients.test", "Bob&#x27;s heel program", "private note"]


def audit_problem(row, method, got, written) -> str | None:
    """What is wrong with the audit rows one cell wrote, if anything: an allowed request
    to a page with patient data writes exactly one row, with an action of the vocabulary;
    a row about a patient by someone else reads as a sentence on their access log."""
    if got not in (OK, REDIRECT) or method not in row.patient_data:
        return None
    # A deactivated user's old cookie on a page that works signed out (the calendar feed)
    # ends their session first: the middleware's own row, besides the page's one.
    # A caseload download also names each patient it held, once it has gone out.
    extra = {AuditAction.SESSION_REVOKED, AuditAction.EXPORT_INCLUDED}
    written = [event for event in written if event.action not in extra]
    if len(written) != 1:
        return f"wrote {len(written)} audit rows {[event.action for event in written]}"
    event = written[0]
    if event.action not in AuditAction.values:
        return f"wrote the unknown action {event.action!r}"
    if event.patient_id not in (None, event.user_id) and event.action not in PATIENT_PHRASES:
        return f"wrote {event.action} about a patient, with no phrase for their access log"
    return None


def test_every_url_answers_every_actor_as_the_table_says(world):
    clients = signed_in_clients(world)
    listed = set(url_names())
    assert not listed - set(EXPECTED), "URL patterns without a row in the access table"
    assert not set(EXPECTED) - listed, "rows of the access table for URLs that do not exist"

    # Every cell is rolled back, so each starts from this same data.
    before = data_fingerprint()
    wrong, leaks, changed, unaudited, wrote, count = [], [], [], [], set(), 0
    for url, method, actor, expected, name, row in cells(world):
        client, cookies = clients[actor]
        client.cookies.clear()
        for key, cookie in cookies.items():
            client.cookies[key] = cookie.value
        user = world.actors[actor]
        data = valid_post(name, world, user) if method == "POST" else None
        with transaction.atomic():
            last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
            response = client.post(url, data) if method == "POST" else client.get(url)
            got = outcome(response)
            if got != expected:
                wrong.append(f"{method} {url} as {actor}: expected {expected}, got {got}")
            written = list(AuditEvent.objects.filter(id__gt=last_event or 0))
            problem = audit_problem(row, method, got, written)
            if problem:
                unaudited.append(f"{method} {url} ({name}) as {actor}: {problem}")
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
    assert not unaudited, "\n".join(unaudited)
    # The same posts do write when the actor may: the refusals above are real refusals.
    assert wrote >= WRITES, WRITES - wrote
    assert count >= 1000
