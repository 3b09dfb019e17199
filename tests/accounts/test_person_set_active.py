import pytest
from django.test import Client

from accounts import invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_deactivates_a_clinician(client, nora, alice, bob):
    client.force_login(nora)
    response = client.post(f"/clinic/people/{alice.pk}/active/", {"active": "0"}, follow=True)
    assert b"Alice Moreau can no longer sign in" in response.content
    alice.refresh_from_db()
    assert not alice.is_active
    assert list(bob.patient_profile.care_team.all()) == [alice]
    assert AuditEvent.objects.get(action=AuditAction.STAFF_DEACTIVATED).object_id == str(alice.pk)

    client.logout()
    login = client.post("/login/", {"username": alice.email, "password": factories.PASSWORD})
    assert login.status_code == 200  # refused


def test_it_stops_a_deactivated_persons_pending_link(client, nora, northside):
    clinician = factories.ClinicianFactory(clinic=northside)
    invitation = invitations.create(user=clinician, created_by=nora)
    client.force_login(nora)
    client.post(f"/clinic/people/{clinician.pk}/active/", {"active": "0"})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_it_reactivates_a_clinician(client, nora, alice):
    alice.is_active = False
    alice.save()
    client.force_login(nora)
    client.post(f"/clinic/people/{alice.pk}/active/", {"active": "1"})
    alice.refresh_from_db()
    assert alice.is_active
    assert AuditEvent.objects.filter(action=AuditAction.STAFF_REACTIVATED).exists()


@pytest.mark.parametrize("posted", [{}, {"active": ""}, {"active": "yes"}, {"active": "true"}])
@pytest.mark.parametrize("active", [False, True])
def test_it_refuses_anything_but_1_or_0(client, nora, alice, posted, active):
    alice.is_active = active
    alice.save()
    generation = alice.session_generation
    client.force_login(nora)
    response = client.post(f"/clinic/people/{alice.pk}/active/", posted)
    assert response.status_code == 400
    assert "deactivate or reactivate" in response.content.decode()
    alice.refresh_from_db()
    assert (alice.is_active, alice.session_generation) == (active, generation)
    assert not AuditEvent.objects.filter(object_id=str(alice.pk)).exists()


def test_it_refuses_to_deactivate_yourself(client, nora):
    client.force_login(nora)
    response = client.post(f"/clinic/people/{nora.pk}/active/", {"active": "0"}, follow=True)
    assert b"You cannot deactivate your own account." in response.content
    nora.refresh_from_db()
    assert nora.is_active


def test_it_is_404_for_a_patient(client, nora, bob):
    client.force_login(nora)
    assert client.post(f"/clinic/people/{bob.pk}/active/", {"active": "0"}).status_code == 404


def test_it_is_404_for_another_clinic(client, nora, olga):
    client.force_login(nora)
    assert client.post(f"/clinic/people/{olga.pk}/active/", {"active": "0"}).status_code == 404
    olga.refresh_from_db()
    assert olga.is_active


def test_deactivating_ends_their_sessions_even_if_they_are_reactivated_at_once(nora, alice):
    alices = Client()
    alices.post("/login/", {"username": alice.email, "password": factories.PASSWORD})
    assert alices.get("/caseload/").status_code == 200
    admin = Client()
    admin.force_login(nora)
    admin.post(f"/clinic/people/{alice.pk}/active/", {"active": "0"})
    admin.post(f"/clinic/people/{alice.pk}/active/", {"active": "1"})
    # Her old session does not come back with her account: she signs in again.
    response = alices.get("/caseload/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")
    alices.post("/login/", {"username": alice.email, "password": factories.PASSWORD})
    assert alices.get("/caseload/").status_code == 200


def test_reactivating_does_not_end_their_colleagues_sessions(client, nora, alice, carlos):
    client.force_login(carlos)
    admin = Client()
    admin.force_login(nora)
    admin.post(f"/clinic/people/{alice.pk}/active/", {"active": "0"})
    admin.post(f"/clinic/people/{alice.pk}/active/", {"active": "1"})
    assert client.get("/caseload/").status_code == 200
    assert admin.get("/clinic/people/").status_code == 200
