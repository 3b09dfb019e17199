import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Role

pytestmark = pytest.mark.django_db


def url(person):
    return f"/clinic/people/{person.pk}/role/"


def test_it_makes_a_clinician_a_clinic_admin_who_sees_every_patient(client, nora, carlos, bob):
    client.force_login(nora)
    response = client.post(url(carlos), {"role": "clinic_admin"}, follow=True)
    assert "Carlos" in response.content.decode() and "is now a clinic admin" in (
        response.content.decode()
    )
    carlos.refresh_from_db()
    assert carlos.role == Role.CLINIC_ADMIN
    assert AuditEvent.objects.get(action=AuditAction.STAFF_ROLE_CHANGED).object_id == str(carlos.pk)

    client.force_login(carlos)  # not on Bob's care team, but an admin now
    assert client.get(f"/patients/{bob.pk}/").status_code == 200
    assert client.get("/clinic/people/").status_code == 200


def test_it_makes_an_admin_a_clinician_again(client, nora, carlos, bob):
    carlos.role = Role.CLINIC_ADMIN
    carlos.save()
    client.force_login(nora)
    client.post(url(carlos), {"role": "clinician"})
    carlos.refresh_from_db()
    assert carlos.role == Role.CLINICIAN
    client.force_login(carlos)
    assert client.get(f"/patients/{bob.pk}/").status_code == 404
    assert client.get("/clinic/people/").status_code == 403


def test_the_people_page_offers_it_for_others_only(client, nora, alice):
    client.force_login(nora)
    page = client.get("/clinic/people/").content.decode()
    assert url(alice) in page and "Make clinic admin" in page
    assert url(nora) not in page


def test_an_admin_cannot_change_their_own_role(client, nora):
    client.force_login(nora)
    response = client.post(url(nora), {"role": "clinician"}, follow=True)
    assert "You cannot change your own role" in response.content.decode()
    nora.refresh_from_db()
    assert nora.role == Role.CLINIC_ADMIN
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_ROLE_CHANGED).exists()


@pytest.mark.parametrize("role", ["patient", "", "superuser"])
def test_only_staff_roles_can_be_given(client, nora, alice, role):
    client.force_login(nora)
    response = client.post(url(alice), {"role": role}, follow=True)
    assert "Please choose clinician or clinic admin." in response.content.decode()
    alice.refresh_from_db()
    assert alice.role == Role.CLINICIAN


def test_it_is_404_for_a_patient(client, nora, bob, otto):
    client.force_login(nora)
    for patient in (bob, otto):  # patients are not staff, here or elsewhere
        assert client.post(url(patient), {"role": "clinic_admin"}).status_code == 404
