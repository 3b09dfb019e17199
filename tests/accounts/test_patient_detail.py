import pytest

from accounts import invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests.accounts.conftest import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited_bob(bob, alice):
    return invite(bob, by=alice)


def test_it_shows_the_profile_and_care_team(client, alice, bob, heel_pain):
    bob.patient_profile.condition = heel_pain
    bob.patient_profile.save()
    client.force_login(alice)
    response = client.get(f"/patients/{bob.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bob Hughes" in content
    assert "Plantar fasciitis" in content
    assert "Alice Moreau" in content
    assert "Europe/London (the clinic's)" in content
    assert "has chosen a password" in content
    assert "Re-send invitation" not in content
    assert "Programs" in content
    event = AuditEvent.objects.get(action=AuditAction.PATIENT_VIEWED)
    assert (event.category, event.patient) == ("profile", bob)


def test_it_shows_the_pending_link_to_copy(client, alice, invited_bob):
    client.force_login(alice)
    content = client.get(f"/patients/{invited_bob.user.pk}/").content.decode()
    assert invitations.url_for(invited_bob.pk) in content
    assert "readonly" in content
    assert "Re-send invitation" in content


def test_it_offers_a_new_link_when_the_old_one_expired(client, alice, invited_bob):
    invitations.revoke_pending(user=invited_bob.user)
    client.force_login(alice)
    content = client.get(f"/patients/{invited_bob.user.pk}/").content.decode()
    assert "/invite/" not in content
    assert "Send a new invitation" in content


def test_it_is_open_to_the_clinic_admin(client, nora, bob):
    client.force_login(nora)
    response = client.get(f"/patients/{bob.pk}/")
    assert response.status_code == 200
    assert b"Edit care team" in response.content


def test_it_is_404_for_a_clinician_id(client, nora, alice):
    client.force_login(nora)
    assert client.get(f"/patients/{alice.pk}/").status_code == 404
