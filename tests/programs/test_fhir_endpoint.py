"""The FHIR endpoint for integrations (programs.fhir.views.endpoint) and the care team's
download of the same record. Who may reach which URL is the access matrix's and
tests/trust/test_fhir_tokens.py's; here, what the answers hold."""

import datetime
import json

import pytest
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.fhir import rate_limit, tokens
from programs.models import ApiToken
from tests import factories
from tests.programs.fhir_support import assert_valid_r4, resources_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
FHIR_JSON = "application/fhir+json; charset=utf-8"


@pytest.fixture
def heel_program(alice, bob, today):
    condition = factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=condition)
    factories.PrescriptionFactory(program=program, name="Heel raise")
    for n in range(3):
        factories.SessionLogFactory(program=program, date=today - n * DAY)
    factories.completed_outcome(
        program=program, instrument="PSFS", due_on=today, answers={"activity_1": (6, "Walking")}
    )
    return program


@pytest.fixture
def northside_token(northside, nora):
    _row, token = tokens.create_token(clinic=northside, name="Practice system", created_by=nora)
    return token


def fhir_get(client, url, token):
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


def everything_url(patient):
    return reverse("fhir_everything", args=[patient.pk])


def read_json(response):
    assert response["Content-Type"] == FHIR_JSON
    return json.loads(response.content)


def test_everything_is_the_patients_record_as_a_searchset(
    client, bob, heel_program, northside_token
):
    response = fhir_get(client, everything_url(bob), northside_token)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    bundle = read_json(response)
    assert bundle["type"] == "searchset"
    assert bundle["link"][0]["url"].endswith(f"/fhir/Patient/{bob.pk}/$everything")
    assert_valid_r4(bundle)
    assert len(resources_of(bundle, "Observation")) == 6 + 1  # the pain scores, the PSFS


def test_every_resource_of_everything_reads_back_alone(client, bob, heel_program, northside_token):
    bundle = read_json(fhir_get(client, everything_url(bob), northside_token))

    for entry in bundle["entry"]:
        resource = entry["resource"]
        url = reverse("fhir_read", args=[resource["resourceType"], resource["id"]])
        response = fhir_get(client, url, northside_token)
        assert response.status_code == 200, url
        assert read_json(response) == resource


@pytest.mark.parametrize(
    ("resource_type", "resource_id"),
    [
        ("Patient", "not-a-uuid"),
        ("Observation", "6b0f5a8e-8d0e-4a53-9e39-4b5d4d3c2a10-morning"),
        ("Observation", "{log}-evening"),
        ("Condition", "{patient_hex}-999999"),
        ("CarePlan", "{log}"),
        ("Practitioner", "{patient}"),
        ("Questionnaire", "koos"),
        ("Observation", "{log}-score"),
        ("QuestionnaireResponse", "{log}"),
    ],
)
def test_an_id_that_names_nothing_is_a_404_operation_outcome(
    client, bob, heel_program, northside_token, resource_type, resource_id
):
    log = heel_program.logs.first()
    resource_id = resource_id.format(log=log.pk, patient=bob.pk, patient_hex=bob.pk.hex)

    response = fhir_get(
        client, reverse("fhir_read", args=[resource_type, resource_id]), northside_token
    )

    assert response.status_code == 404
    outcome = read_json(response)
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "not-found"


def test_another_clinics_patient_is_a_404_like_one_that_does_not_exist(
    client, otto, northside_token
):
    program = factories.ProgramFactory(
        prescriber=otto.patient_profile.care_team.get(), patient=otto
    )
    log = factories.SessionLogFactory(program=program)
    urls = [
        everything_url(otto),
        reverse("fhir_read", args=["Patient", otto.pk]),
        reverse("fhir_read", args=["CarePlan", program.pk]),
        reverse("fhir_read", args=["Observation", f"{log.pk}-morning"]),
    ]
    for url in urls:
        response = fhir_get(client, url, northside_token)
        assert response.status_code == 404, url
        assert read_json(response)["issue"][0]["code"] == "not-found"


def test_each_request_writes_one_audit_row_with_the_tokens_id(
    client, bob, heel_program, northside_token
):
    row = ApiToken.objects.get()

    fhir_get(client, everything_url(bob), northside_token)
    fhir_get(client, reverse("fhir_read", args=["Patient", "not-a-uuid"]), northside_token)

    read, refused = AuditEvent.objects.order_by("id")
    assert read.action == AuditAction.FHIR_API_READ
    assert (read.object_type, read.object_id) == ("ApiToken", str(row.pk))
    assert read.patient_id == bob.pk and read.clinic_id == bob.clinic_id
    assert read.user_id is None and read.outcome == "ok"
    assert refused.action == AuditAction.FHIR_API_REFUSED
    assert (refused.object_id, refused.clinic_id, refused.outcome) == (
        str(row.pk),
        bob.clinic_id,
        "denied",
    )
    # The patient's access log says a connected system read it, with nobody's name.
    assert read.patient_sentence == (
        "Someone used a system your clinic connected to read your health record"
    )


def test_the_token_itself_is_never_stored(client, bob, northside_token):
    fhir_get(client, everything_url(bob), northside_token)

    stored = json.dumps(list(AuditEvent.objects.values()), default=str)
    stored += json.dumps(list(ApiToken.objects.values()), default=str)
    assert northside_token not in stored
    assert northside_token[len("stride_") :][:12] not in stored


def test_a_request_marks_the_token_used(client, bob, northside_token):
    assert ApiToken.objects.get().last_used_at is None

    fhir_get(client, everything_url(bob), northside_token)

    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer stride_not-a-real-token", "Basic Ym9iOnBhc3N3b3Jk", "{token}x"],
)
def test_without_a_valid_token_it_is_a_401_operation_outcome(
    client, bob, northside_token, authorization
):
    headers = {}
    if authorization is not None:
        headers["Authorization"] = authorization.format(token=northside_token)

    response = client.get(everything_url(bob), headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Bearer realm="fhir"')
    assert read_json(response)["issue"][0]["code"] == "login"


def test_a_revoked_token_is_refused_and_its_row_names_it(client, bob, northside_token):
    row = ApiToken.objects.get()
    tokens.revoke_token(token=row)

    response = fhir_get(client, everything_url(bob), northside_token)

    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.clinic_id) == (
        AuditAction.FHIR_API_REFUSED,
        str(row.pk),
        row.clinic_id,
    )


def test_a_session_does_not_authorise_it(client, alice, nora, bob):
    for person in (alice, nora):
        client.force_login(person)
        response = client.get(everything_url(bob))
        assert response.status_code == 401
        # Nor does it name who asked: the refusal is nobody's.
        assert AuditEvent.objects.order_by("-id").first().user_id is None


def test_it_only_reads(client, bob, northside_token):
    response = client.post(
        everything_url(bob), {}, headers={"Authorization": f"Bearer {northside_token}"}
    )

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert read_json(response)["resourceType"] == "OperationOutcome"


def test_a_token_over_its_rate_limit_waits(client, bob, northside_token, monkeypatch):
    monkeypatch.setattr(rate_limit, "REQUESTS_PER_MINUTE", 2)

    answers = [fhir_get(client, everything_url(bob), northside_token) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 1 <= int(answers[2]["Retry-After"]) <= 60
    assert read_json(answers[2])["issue"][0]["code"] == "throttled"
    # Another clinic's token has a count of its own.
    other_row, other = tokens.create_token(
        clinic=factories.ClinicFactory(), name="Theirs", created_by=None
    )
    assert fhir_get(client, everything_url(bob), other).status_code == 404


def test_the_rate_limit_counts_per_minute(northside, nora):
    row, _token = tokens.create_token(clinic=northside, name="Counted", created_by=nora)
    minute = 1_000_000 * 60.0

    waits = [
        rate_limit.retry_after(row, now=minute + 10)
        for _ in range(rate_limit.REQUESTS_PER_MINUTE + 1)
    ]

    assert waits[:-1] == [None] * rate_limit.REQUESTS_PER_MINUTE
    assert waits[-1] == 50
    assert rate_limit.retry_after(row, now=minute + 60) is None


def test_everything_takes_the_same_queries_for_more_logs(
    client, bob, heel_program, northside_token, today, django_assert_max_num_queries
):
    # The token, its last use, the patient, programs, items, logs, questionnaires, answers,
    # the audit row and its seal.
    with django_assert_max_num_queries(10):
        fhir_get(client, everything_url(bob), northside_token)
    for n in range(3, 60):
        factories.SessionLogFactory(program=heel_program, date=today - n * DAY)
    with django_assert_max_num_queries(10):
        response = fhir_get(client, everything_url(bob), northside_token)
    assert len(resources_of(read_json(response), "Observation")) == 120 + 1


def test_the_care_team_downloads_the_record_as_a_collection(client, alice, bob, heel_program):
    client.force_login(alice)

    response = client.get(reverse("patient_fhir_record", args=[bob.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    assert response["Content-Disposition"].startswith('attachment; filename="health-record-')
    bundle = json.loads(response.content)
    assert bundle["type"] == "collection"
    assert_valid_r4(bundle)
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.patient_id, event.user_id) == (
        AuditAction.FHIR_RECORD_DOWNLOADED,
        bob.pk,
        alice.pk,
    )


def test_the_download_takes_the_same_queries_for_more_logs(
    client, alice, bob, heel_program, today, django_assert_max_num_queries
):
    client.force_login(alice)
    for n in range(3, 100):
        factories.SessionLogFactory(program=heel_program, date=today - n * DAY)
    # Session and user, the profile through the care team, programs, items, logs,
    # questionnaires, answers, audit.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("patient_fhir_record", args=[bob.pk]))
    assert len(resources_of(json.loads(response.content), "Observation")) == 200 + 1


def test_the_patient_page_offers_the_download(client, alice, bob):
    client.force_login(alice)

    response = client.get(reverse("patient_detail", args=[bob.pk]))

    assert f'href="{reverse("patient_fhir_record", args=[bob.pk])}"' in response.content.decode()
    assert "Download health record (FHIR)" in response.content.decode()
