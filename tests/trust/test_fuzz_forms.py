"""Fuzzing: hypothesis posts valid forms with a few fields replaced by random and hostile
values (huge and negative numbers, unicode, NUL bytes, very long strings, HTML and SQL) or
left out, to every form and every page that reads query parameters.

For every request: never a 500 (the test client re-raises any exception); a form that comes
back with errors saved nothing (every app table is compared); hostile markup is never in
a page raw, neither on the form that refused it nor on the pages that show what was saved.

`FUZZ_EXAMPLES` sets the total number of requests (default 600, well under a minute on an
idle machine); the nightly run uses `FUZZ_EXAMPLES=10000 make test`.
"""

import os

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.models import Prescription, Program, SessionLog
from tests import factories
from tests.programs.builder_data import edit_data
from tests.trust.world import (
    clinic_settings_data,
    data_fingerprint,
    exercise_data,
    log_data,
    new_program_data,
    patient_data,
    suggestion_token,
    template_data,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("stride")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'
MARKUP = [SCRIPT.encode(), b"<img src=x onerror"]
HOSTILE = [
    SCRIPT,
    IMAGE,
    "'; DROP TABLE programs_program; --",
    "1 OR 1=1",
    "\x00",
    "heel\x00pain",
    "x" * 100_000,
    "🦶🏽 Fußschmerz ٣ 足",
    "\u202eevil",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    " ",
    "{{ settings.SECRET_KEY }}",
    "../../etc/passwd",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "00000000-0000-0000-0000-000000000000",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
    st.floats(allow_nan=True).map(str),
    st.dates().map(str),
)
MISSING = object()
FIELD_VALUES = st.one_of(VALUES, st.just(MISSING))


def budget(targets: int) -> int:
    """Examples per target, so that all targets together reach FUZZ_EXAMPLES."""
    return max(5, -(-int(os.environ.get("FUZZ_EXAMPLES", "600")) // targets))


def fuzz_settings(targets: int):
    return settings(
        max_examples=budget(targets),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


def mutate(data, valid: dict) -> dict:
    """`valid` with a few fields replaced by drawn values or left out, maybe plus one more."""
    keys = sorted(valid, key=str)
    chosen = data.draw(st.sets(st.sampled_from(keys), min_size=1, max_size=3))
    posted = dict(valid)
    for key in sorted(chosen, key=str):
        value = data.draw(FIELD_VALUES)
        if value is MISSING:
            posted.pop(key)
        else:
            posted[key] = value
    if data.draw(st.booleans()):
        posted[data.draw(st.sampled_from(keys + ["items-99-sets", "extra"]))] = data.draw(VALUES)
    return posted


def assert_escaped(content: bytes, where: str):
    for markup in MARKUP:
        assert markup not in content, f"raw {markup!r} on {where}"


@pytest.fixture
def clients(world):
    signed_in = {}
    for actor in ("patient_a", "care_team", "clinic_admin"):
        client = Client()
        client.force_login(world.actors[actor])
        signed_in[actor] = client
    return signed_in


@pytest.fixture
def baseline(clients):
    """The data every example starts from: each one is rolled back."""
    return data_fingerprint()


# Each form: who posts it, its URL, valid data, and the pages that show what it saved.
def forms(world):
    program, bob = world.program, world.bob
    report = reverse("patient_report", args=[bob.pk])
    return {
        "log save": (
            "patient_a",
            reverse("save_log", args=[program.pk, world.today.isoformat()]),
            log_data(world),
            [("patient_a", reverse("patient_home")), ("care_team", report)],
        ),
        "program new": (
            "care_team",
            reverse("program_new", args=[bob.pk]),
            new_program_data(world) | {"q": "calf"},
            [("patient_a", reverse("my_programs")), ("care_team", reverse("clinician_home"))],
        ),
        "program edit": (
            "care_team",
            reverse("program_edit", args=[program.pk]),
            edit_data(program) | {"q": "calf"},
            [("patient_a", reverse("my_program", args=[program.pk])), ("care_team", report)],
        ),
        "patient add": (
            "clinic_admin",
            reverse("patient_new"),
            patient_data(world, world.actors["clinic_admin"]),
            [("clinic_admin", reverse("patient_list")), ("care_team", reverse("clinician_home"))],
        ),
        "clinician add": (
            "clinic_admin",
            reverse("clinician_new"),
            {"full_name": "Nell New", "email": "nell@clinic.test"},
            [("clinic_admin", reverse("clinic_people"))],
        ),
        "clinic settings": (
            "clinic_admin",
            reverse("clinic_settings"),
            clinic_settings_data(world),
            [("care_team", reverse("clinician_home"))],
        ),
        "exercise create": (
            "care_team",
            reverse("exercise_create"),
            exercise_data(world),
            [("care_team", reverse("clinic_exercise_list"))],
        ),
        "exercise edit": (
            "care_team",
            reverse("exercise_edit", args=[world.own_exercise.slug]),
            exercise_data(world),
            [("care_team", reverse("exercise_list"))],
        ),
        "template edit": (
            "care_team",
            reverse("template_edit", args=[world.own_template.pk]),
            template_data(world) | {"q": "calf"},
            [("care_team", reverse("template_list"))],
        ),
        "flag acknowledge": (
            "care_team",
            reverse("acknowledge_flag", args=[world.flag.pk]),
            {"note": "Called Bob."},
            [("care_team", report)],
        ),
        "computed flag acknowledge": (
            "care_team",
            reverse("acknowledge_computed_flag", args=[bob.pk]),
            {"kind": "red_pain", "raised_on": world.today.isoformat(), "note": "Called."},
            [("care_team", report)],
        ),
        "apply suggestion": (
            "care_team",
            reverse("apply_suggestion", args=[bob.pk, world.prescription.pk, "smaller-dose"]),
            {"token": suggestion_token(world)},
            [("patient_a", reverse("patient_home"))],
        ),
        "hardest exercise": (
            "patient_a",
            reverse("save_hardest", args=[program.pk, world.today.isoformat()]),
            {"prescription": world.prescription.pk},
            [("patient_a", reverse("patient_home")), ("care_team", report)],
        ),
    }


FORM_NAMES = [
    "log save",
    "program new",
    "program edit",
    "patient add",
    "clinician add",
    "clinic settings",
    "exercise create",
    "exercise edit",
    "template edit",
    "flag acknowledge",
    "computed flag acknowledge",
    "apply suggestion",
    "hardest exercise",
]


def searches(world):
    """Pages that read GET parameters: who opens them, the URL, and typical parameters."""
    bob = world.bob
    dates = {"start": "2026-01-01", "end": "2026-02-01"}
    return {
        "catalogue search": (
            "care_team",
            reverse("exercise_list"),
            {"q": "calf", "region": "foot_ankle", "type": "stretch", "difficulty": 1, "page": 2},
        ),
        "patient search": ("care_team", reverse("patient_list"), {"q": "bob", "page": 1}),
        "caseload filters": (
            "clinic_admin",
            reverse("clinician_home"),
            {"q": "bob", "flag": "red_pain", "status": "active", "page": 1},
        ),
        "caseload export": ("care_team", reverse("caseload_csv"), {"q": "bob", "flag": "missed"}),
        "report dates": ("care_team", reverse("patient_report", args=[bob.pk]), dates),
        "log export dates": ("care_team", reverse("patient_logs_csv", args=[bob.pk]), dates),
        "audit filters": (
            "clinic_admin",
            reverse("clinic_audit"),
            {"action": "session.started", "outcome": "ok", "date_from": "2026-01-01", "page": 1},
        ),
        "audit export": (
            "clinic_admin",
            reverse("clinic_audit_csv"),
            {"action": "session.started", "date_from": "2026-01-01", "date_to": "2026-12-31"},
        ),
        "template filters": ("care_team", reverse("template_list"), {"condition": "x"}),
        "today date": ("patient_a", reverse("patient_home"), {"date": "2026-01-01"}),
        "history weeks": ("patient_a", reverse("patient_history"), {"weeks": 8}),
    }


SEARCH_NAMES = [
    "catalogue search",
    "patient search",
    "caseload filters",
    "caseload export",
    "report dates",
    "log export dates",
    "audit filters",
    "audit export",
    "template filters",
    "today date",
    "history weeks",
]
# Forms for people who are not signed in: the URL and valid data.
PUBLIC_FORMS = {
    "sign in": ("login", {"username": "bob@patients.test", "password": "not-bobs-password"}),
    "password reset": ("password_reset", {"email": "bob@patients.test"}),
}
# Addresses that have broken sign-in elsewhere: over-long (axes' column is 255), longer once
# normalised (NFKC writes ﷺ as 18 letters), look-alikes of a real account's.
ADDRESSES = st.one_of(
    VALUES,
    st.sampled_from(
        [
            "a" * 255 + "@x.test",
            "\ufdfa" * 14 + "@x.test",
            "b\u0131b@patients.test",
            "ｂｏｂ@patients.test",
            "BOB@PATIENTS.TEST",
            "bo\u0301b@patients.test",
        ]
    ),
    st.text(max_size=300).map(lambda text: text + "@patients.test"),
)


# Buttons that post a yes-or-no: who presses them, the URL and the field ("1" or "0").
def switches(world):
    return {
        "person active": (
            "clinic_admin",
            reverse("person_set_active", args=[world.alice.pk]),
            "active",
        ),
        "template archived": (
            "care_team",
            reverse("template_archive", args=[world.own_template.pk]),
            "archived",
        ),
    }


SWITCH_NAMES = ["person active", "template archived"]
TARGETS = len(FORM_NAMES) + len(SEARCH_NAMES) + len(PUBLIC_FORMS) + len(SWITCH_NAMES)
REQUESTS = {"count": 0}  # reported at the end of the run (tests/trust/conftest.py)


def content_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", FORM_NAMES)
@fuzz_settings(TARGETS)
@given(data=st.data())
def test_no_form_input_breaks_a_form(world, clients, baseline, name, data):
    actor, url, valid, shows = forms(world)[name]
    posted = mutate(data, valid)
    with transaction.atomic():
        response = clients[actor].post(url, posted)
        REQUESTS["count"] += 1
        assert response.status_code in (200, 302, 404), response.status_code
        assert_escaped(response.content, url)
        if response.status_code == 200:
            # Refused with its errors on the page: nothing at all was saved.
            assert data_fingerprint() == baseline
        elif data_fingerprint() != baseline:
            for reader, page in shows + [(actor, response.url)]:
                assert_escaped(content_of(clients[reader].get(page)), page)
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", list(PUBLIC_FORMS))
@fuzz_settings(TARGETS)
@given(data=st.data())
def test_no_address_breaks_sign_in_or_a_password_reset(world, baseline, name, data):
    url_name, valid = PUBLIC_FORMS[name]
    field = "username" if "username" in valid else "email"
    posted = mutate(data, valid)
    if data.draw(st.booleans()):
        posted[field] = data.draw(ADDRESSES)
    with transaction.atomic():
        response = Client().post(reverse(url_name), posted)
        REQUESTS["count"] += 1
        assert response.status_code in (200, 302), response.status_code
        assert_escaped(response.content, url_name)
        assert "_auth_user_id" not in response.wsgi_request.session
        assert data_fingerprint() == baseline  # neither writes to the app's tables
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", SWITCH_NAMES)
@fuzz_settings(TARGETS)
@given(data=st.data())
def test_a_switch_takes_1_or_0_and_refuses_the_rest(world, clients, baseline, name, data):
    actor, url, field = switches(world)[name]
    value = data.draw(st.one_of(st.sampled_from(["1", "0"]), FIELD_VALUES))
    with transaction.atomic():
        response = clients[actor].post(url, {} if value is MISSING else {field: value})
        REQUESTS["count"] += 1
        if value in ("1", "0"):
            assert response.status_code == 302
        else:
            assert response.status_code == 400, (value, response.status_code)
            assert data_fingerprint() == baseline
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", SEARCH_NAMES)
@fuzz_settings(TARGETS)
@given(data=st.data())
def test_no_query_parameter_breaks_a_page(world, clients, baseline, name, data):
    actor, url, valid = searches(world)[name]
    params = mutate(data, valid)
    with transaction.atomic():
        response = clients[actor].get(url, params)
        REQUESTS["count"] += 1
        assert response.status_code in (200, 302, 400), response.status_code
        assert_escaped(content_of(response), url)
        assert data_fingerprint() == baseline  # reading never writes
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "actor, method, url_name, params",
    [
        ("care_team", "get", "patient_list", {"q": "bo\x00b"}),
        ("care_team", "get", "template_list", {"condition": "heel\x00"}),
        ("care_team", "get", "clinician_home", {"page": "99999999999999999999999"}),
        ("care_team", "post", "program_new", {"q": "ca\x00lf", "action": "search"}),
        ("care_team", "post", "exercise_create", {"steps": "Sit\x00 down"}),
    ],
)
def test_inputs_that_fuzzing_found_are_handled(world, clients, actor, method, url_name, params):
    kwargs = {"patient_id": world.bob.pk} if url_name == "program_new" else {}
    response = getattr(clients[actor], method)(reverse(url_name, kwargs=kwargs), params)
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", ["clinic_audit", "clinic_audit_csv"])
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_a_far_date_in_a_filter_is_refused_with_a_message(world, clients, url_name, field):
    """The day after 31 December 9999 does not exist: this was a 500 (issue 22, finding 6)."""
    response = clients["clinic_admin"].get(reverse(url_name), {field: "9999-12-31"})
    assert response.status_code == 400
    assert "Enter a date between 1 January 1900 and 31 December 2100." in response.text


def test_a_far_program_date_is_refused_with_a_message(world, clients, baseline):
    program = world.program
    data = edit_data(program) | {"end_date": "9999-12-31"}
    response = clients["care_team"].post(reverse("program_edit", args=[program.pk]), data)
    assert response.status_code == 200
    assert "Enter a date between 1 January 1900 and 31 December 2100." in response.text
    assert data_fingerprint() == baseline


def test_a_long_template_description_is_refused_with_a_message(world, clients, baseline):
    """A 1 MB description used to be stored (issue 22, finding 9): now the body is refused
    before it is read, and a merely long one gets the form's message."""
    url = reverse("template_edit", args=[world.own_template.pk])
    for size, status, text in [
        (1_000_000, 413, "Too large to send"),
        (3000, 200, "Ensure this value has at most 2000 characters (it has 3000)."),
    ]:
        data = template_data(world, description="x" * size)
        response = clients["care_team"].post(url, data)
        assert response.status_code == status
        assert text in response.text
        assert data_fingerprint() == baseline


@pytest.mark.parametrize(
    "model_factory, fields",
    [
        (factories.SessionLogFactory, {"morning_pain": 11}),
        (factories.SessionLogFactory, {"exercise_pain": 11}),
        (factories.PrescriptionFactory, {"sets": 0}),
        (factories.PrescriptionFactory, {"reps": 0}),
        (factories.PrescriptionFactory, {"reps": None, "hold_seconds": None}),
        (factories.PrescriptionFactory, {"times_per_day": 7}),
        (factories.ProgramFactory, {"pain_limit": 11}),
    ],
)
def test_database_constraints_back_up_the_forms(model_factory, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model_factory(**fields)


def test_constraint_checks_also_stop_updates(world):
    for model, pk, fields in [
        (SessionLog, world.log.pk, {"morning_pain": 11}),
        (Prescription, world.prescription.pk, {"sets": 0}),
        (Program, world.program.pk, {"pain_limit": 99}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=pk).update(**fields)
