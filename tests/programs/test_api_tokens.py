"""The clinic admin's API tokens page: a token is shown once and stored as its hash, each is
listed with who made it and when it was last used, and revoking one ends it."""

import hashlib

import pytest
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.fhir import tokens
from programs.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/clinic/settings/api-tokens/"


@pytest.fixture
def as_nora(client, nora):
    client.force_login(nora)
    return client


def shown_token(response) -> str:
    return response.context["shown_once"]


def test_it_makes_a_token_shows_it_once_and_keeps_only_its_hash(as_nora, nora):
    response = as_nora.post(URL, {"name": "Practice system"})

    assert response.status_code == 200
    token = shown_token(response)
    assert token.startswith("stride_") and len(token) >= 40
    assert token in response.content.decode()
    row = ApiToken.objects.get()
    assert (row.name, row.clinic_id, row.created_by_id) == (
        "Practice system",
        nora.clinic_id,
        nora.pk,
    )
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_CREATED)
    assert event.object_id == str(row.pk)
    # Never again: the list names it, without the token.
    again = as_nora.get(URL).content.decode()
    assert "Practice system" in again and token not in again


def test_two_tokens_are_never_the_same(northside, nora):
    made = {tokens.create_token(clinic=northside, name="x", created_by=nora)[1] for _ in range(5)}

    assert len(made) == 5


def test_a_token_needs_a_name(as_nora):
    response = as_nora.post(URL, {"name": "   "})

    assert response.status_code == 200
    assert "Please give the token a name." in response.content.decode()
    assert not shown_token(response)
    assert not ApiToken.objects.exists()


def test_the_list_says_who_made_each_and_when_it_was_last_used(as_nora, nora, northside):
    used, _ = tokens.create_token(clinic=northside, name="Regional record", created_by=nora)
    tokens.mark_used(used)
    tokens.create_token(clinic=northside, name="Practice system", created_by=nora)
    tokens.create_token(clinic=factories.ClinicFactory(), name="Someone else's", created_by=None)

    page = as_nora.get(URL).content.decode()

    assert "Regional record" in page and "Practice system" in page
    assert "Someone else" not in page
    assert "by Nora Admin" in page
    assert "last used" in page and "never used" in page


def test_revoking_a_token_ends_it(as_nora, northside, nora):
    row, _ = tokens.create_token(clinic=northside, name="Old system", created_by=nora)

    response = as_nora.post(reverse("api_token_revoke", args=[row.pk]))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_REVOKED)
    assert event.object_id == str(row.pk)
    page = as_nora.get(URL).content.decode()
    assert "Revoked" in page


def test_revoking_twice_keeps_the_first_time(northside, nora):
    row, _ = tokens.create_token(clinic=northside, name="Old system", created_by=nora)
    tokens.revoke_token(token=row)
    first = row.revoked_at

    tokens.revoke_token(token=ApiToken.objects.get(pk=row.pk))

    assert ApiToken.objects.get(pk=row.pk).revoked_at == first


def test_another_clinics_token_cannot_be_revoked(client, olga, nora):
    oscar = factories.ClinicAdminFactory(clinic=olga.clinic)
    row, _ = tokens.create_token(clinic=nora.clinic, name="Northside's", created_by=nora)
    client.force_login(oscar)

    response = client.post(reverse("api_token_revoke", args=[row.pk]))

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None


def test_the_clinic_tabs_lead_to_it(as_nora):
    page = as_nora.get("/clinic/settings/").content.decode()

    assert f'href="{URL}"' in page
