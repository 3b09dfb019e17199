import pytest

from accounts import invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories
from tests.accounts.conftest import invite

pytestmark = pytest.mark.django_db


def test_it_lists_a_clinicians_care_team_patients(client, alice, bob, dana, otto, heel_pain):
    bob.patient_profile.condition = heel_pain
    bob.patient_profile.save()
    client.force_login(alice)
    response = client.get("/patients/")
    assert response.status_code == 200
    assert b"Bob Hughes" in response.content
    assert b"bob@patients.test" in response.content
    assert b"Plantar fasciitis" in response.content
    assert b"Joined" in response.content
    assert b"Dana Whitfield" not in response.content  # Carlos's patient
    assert b"Otto Kern" not in response.content  # another clinic
    assert AuditEvent.objects.filter(
        action=AuditAction.PATIENT_LIST_VIEWED, category="profile"
    ).exists()


def test_it_lists_the_whole_clinic_for_an_admin(client, nora, bob, dana, otto):
    client.force_login(nora)
    response = client.get("/patients/")
    assert b"Bob Hughes" in response.content
    assert b"Dana Whitfield" in response.content
    assert b"Otto Kern" not in response.content


def test_it_shows_the_invitation_state(client, alice, northside):
    invited = factories.PatientFactory(clinic=northside, full_name="Ivy Invited", care_team=[alice])
    expired = factories.PatientFactory(clinic=northside, full_name="Ed Expired", care_team=[alice])
    invite(invited, by=alice)
    invitations.revoke_pending(user=invite(expired, by=alice).user)
    client.force_login(alice)
    page = client.get("/patients/").context["page"]
    rows = {patient.full_name: patient.invitation_state for patient in page.object_list}
    assert rows == {"Ivy Invited": "invited", "Ed Expired": "expired"}


def test_it_searches_by_name(client, nora, bob, dana):
    client.force_login(nora)
    response = client.get("/patients/", {"q": "whit"})
    assert b"Dana Whitfield" in response.content
    assert b"Bob Hughes" not in response.content
    assert b'value="whit"' in response.content


def test_it_says_when_nothing_matches(client, nora, bob):
    client.force_login(nora)
    response = client.get("/patients/", {"q": "nobody"})
    assert "No patients match “nobody”" in response.content.decode()


def test_it_paginates(client, alice, northside):
    for n in range(30):
        factories.PatientFactory(clinic=northside, full_name=f"Patient {n:02}", care_team=[alice])
    client.force_login(alice)
    first = client.get("/patients/")
    assert b"Patient 00" in first.content
    assert b"Patient 29" not in first.content
    assert b"Page 1 of 2" in first.content
    second = client.get("/patients/", {"page": "2"})
    assert b"Patient 29" in second.content
    assert client.get("/patients/", {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_its_query_count_does_not_grow(
    client, alice, northside, heel_pain, count, django_assert_max_num_queries
):
    for _ in range(count):
        patient = factories.PatientFactory(clinic=northside, care_team=[alice])
        patient.patient_profile.condition = heel_pain
        patient.patient_profile.save()
        invitations.create(user=patient, created_by=alice)
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        client.get("/patients/")
