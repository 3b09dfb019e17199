"""The FHIR endpoint's own access table: the access matrix asks every URL with sessions (all
401 here: a session never authorises the endpoint); this asks every FHIR URL, filled in with
patient A's (Bob's) ids, with each kind of API token.

A token of Bob's clinic reads; another clinic's token gets a 404, the answer for an id that
does not exist (a Questionnaire, an instrument's definition and no one's record, it reads);
a revoked token and no token get a 401. Every request writes exactly one
audit row, naming the token's id (never the token) and its clinic; a refused answer never
shows Bob's data; anything but GET is a 405.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.fhir import tokens
from tests import factories
from tests.trust.world import app_url_patterns

pytestmark = pytest.mark.django_db

OK, NOT_FOUND, UNAUTHORISED = "200", "404", "401"
TOKENS = ["own_clinic", "other_clinic", "revoked", "none"]
PATIENT_RECORD = {
    "own_clinic": OK,
    "other_clinic": NOT_FOUND,
    "revoked": UNAUTHORISED,
    "none": UNAUTHORISED,
}
# An instrument is no one's record: any valid token reads it.
DEFINITION = PATIENT_RECORD | {"other_clinic": OK}

# URL name -> {variant: (URL kwargs from the world, expected outcomes)}.
FHIR_URLS = {
    "fhir_everything": {"": (lambda w: {"patient_id": w.bob.pk}, PATIENT_RECORD)},
    "fhir_read": {
        "Patient": (
            lambda w: {"resource_type": "Patient", "resource_id": w.bob.pk},
            PATIENT_RECORD,
        ),
        "Condition": (
            lambda w: {
                "resource_type": "Condition",
                "resource_id": f"{w.bob.pk.hex}-{w.condition.pk}",
            },
            PATIENT_RECORD,
        ),
        "CarePlan": (
            lambda w: {"resource_type": "CarePlan", "resource_id": w.program.pk},
            PATIENT_RECORD,
        ),
        "Observation": (
            lambda w: {"resource_type": "Observation", "resource_id": f"{w.log.pk}-exercise"},
            PATIENT_RECORD,
        ),
        "QuestionnaireResponse": (
            lambda w: {"resource_type": "QuestionnaireResponse", "resource_id": w.outcome.pk},
            PATIENT_RECORD,
        ),
        "score Observation": (
            lambda w: {"resource_type": "Observation", "resource_id": f"{w.outcome.pk}-score"},
            PATIENT_RECORD,
        ),
        "Questionnaire": (
            lambda w: {"resource_type": "Questionnaire", "resource_id": "lefs"},
            DEFINITION,
        ),
    },
}
SECRETS_OF_A = ["Bob Hughes", "bob@patients.test", "Bob's heel program"]


@pytest.fixture
def outcome(world):
    """Bob's LEFS of last week, completed: a QuestionnaireResponse and a score to read."""
    world.objects["outcome"] = factories.completed_outcome(
        program=world.program,
        instrument="LEFS",
        due_on=world.today - datetime.timedelta(days=7),
        answers={str(n): 3 for n in range(1, 21)},
    )
    return world.outcome


@pytest.fixture
def presented(world, outcome):
    """Token name -> (the Authorization header's value or None, the token row or None)."""
    own, own_token = tokens.create_token(clinic=world.northside, name="Ours", created_by=None)
    other, other_token = tokens.create_token(clinic=world.outsider, name="Theirs", created_by=None)
    revoked, revoked_token = tokens.create_token(
        clinic=world.northside, name="Old", created_by=None
    )
    tokens.revoke_token(token=revoked)
    return {
        "own_clinic": (f"Bearer {own_token}", own),
        "other_clinic": (f"Bearer {other_token}", other),
        "revoked": (f"Bearer {revoked_token}", revoked),
        "none": (None, None),
    }


def fhir_urls(world):
    """(URL name, label, URL, expected outcomes) of every row."""
    for name, variants in FHIR_URLS.items():
        for variant, (kwargs, expected) in variants.items():
            label = f"{name} {variant}".strip()
            yield name, label, reverse(name, kwargs=kwargs(world)), expected


def test_every_fhir_url_has_a_row():
    names = {name for name, _pattern in app_url_patterns() if name.startswith("fhir_")}

    assert names == set(FHIR_URLS)


def test_each_token_reaches_what_the_table_says_and_every_request_is_audited(world, presented):
    wrong, leaks, unaudited = [], [], []
    client = Client()
    for name, label, url, table in fhir_urls(world):
        for token_name in TOKENS:
            header, row = presented[token_name]
            last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = client.get(url, headers={"Authorization": header} if header else {})
            expected, got = table[token_name], str(response.status_code)
            if got != expected:
                wrong.append(f"{label} with {token_name}: expected {expected}, got {got}")
            assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
            if got != OK:
                leaks += [f"{label} with {token_name}" for s in SECRETS_OF_A if s in response.text]
            written = list(AuditEvent.objects.filter(id__gt=last))
            action = AuditAction.FHIR_API_READ if got == OK else AuditAction.FHIR_API_REFUSED
            # Without a token the row says which endpoint refused; with one, which token.
            names = ("ApiToken", str(row.pk), row.clinic_id) if row else ("page", name, None)
            expected_row = [(action, *names)]
            found = [(e.action, e.object_type, e.object_id, e.clinic_id) for e in written]
            if found != expected_row:
                unaudited.append(f"{label} with {token_name}: wrote {found}")
            patient = world.bob.pk if table is PATIENT_RECORD else None
            if got == OK and written[0].patient_id != patient:
                unaudited.append(f"{label} with {token_name}: the row names the wrong patient")

    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)
    assert not unaudited, "\n".join(unaudited)


def test_it_answers_only_get(world, presented):
    header, _row = presented["own_clinic"]
    for _name, label, url, _table in fhir_urls(world):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(Client(), method)(url, headers={"Authorization": header})
            assert response.status_code == 405, f"{method.upper()} {label}"
