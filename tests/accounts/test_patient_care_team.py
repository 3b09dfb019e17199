import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_shows_the_clinics_clinicians_with_the_team_ticked(client, nora, alice, carlos, bob):
    client.force_login(nora)
    response = client.get(f"/patients/{bob.pk}/care-team/")
    assert response.status_code == 200
    assert b"Alice Moreau" in response.content
    assert b"Carlos Reyes" in response.content
    assert str(response.content).count("checked") == 1


def test_it_changes_the_care_team(client, nora, alice, carlos, bob):
    client.force_login(nora)
    response = client.post(f"/patients/{bob.pk}/care-team/", {"care_team": [carlos.pk]})
    assert response.status_code == 302
    assert response.url == f"/patients/{bob.pk}/"
    assert list(bob.patient_profile.care_team.all()) == [carlos]
    event = AuditEvent.objects.get(action=AuditAction.CARE_TEAM_CHANGED)
    assert (event.category, event.patient) == ("account", bob)

    client.force_login(alice)
    assert client.get(f"/patients/{bob.pk}/").status_code == 404


def test_it_needs_at_least_one_clinician(client, nora, alice, bob):
    client.force_login(nora)
    response = client.post(f"/patients/{bob.pk}/care-team/", {})
    assert b"Choose at least one clinician." in response.content
    assert list(bob.patient_profile.care_team.all()) == [alice]


def test_it_refuses_another_clinics_clinician(client, nora, alice, olga, bob):
    client.force_login(nora)
    response = client.post(f"/patients/{bob.pk}/care-team/", {"care_team": [olga.pk]})
    assert response.status_code == 200
    assert b"Select a valid choice." in response.content
    assert list(bob.patient_profile.care_team.all()) == [alice]


def test_it_refuses_a_deactivated_clinician(client, nora, alice, bob):
    gone = factories.ClinicianFactory(clinic=nora.clinic, is_active=False)
    client.force_login(nora)
    response = client.post(f"/patients/{bob.pk}/care-team/", {"care_team": [gone.pk]})
    assert b"Select a valid choice." in response.content


def test_it_rejects_put(client, nora, bob):
    client.force_login(nora)
    assert client.put(f"/patients/{bob.pk}/care-team/").status_code == 405
