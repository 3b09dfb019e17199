import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Invitation, Role, User
from tests.accounts.conftest import invitation_path

pytestmark = pytest.mark.django_db


def test_it_adds_a_clinician_who_joins_through_the_link(client, nora, mailoutbox):
    client.force_login(nora)
    response = client.post(
        "/clinic/people/new/", {"full_name": "Hana Sato", "email": "Hana@Northside.test"}
    )
    assert response.status_code == 302
    assert response.url == "/clinic/people/"
    hana = User.objects.get(email="hana@northside.test")
    assert (hana.role, hana.clinic, hana.has_usable_password()) == (
        Role.CLINICIAN,
        nora.clinic,
        False,
    )
    assert Invitation.objects.get(user=hana).created_by == nora
    assert AuditEvent.objects.filter(
        action=AuditAction.CLINICIAN_ADDED, object_id=str(hana.pk)
    ).exists()

    client.logout()
    path = invitation_path(mailoutbox[0])
    response = client.post(
        path, {"new_password1": "plantar-fascia-2026", "new_password2": "plantar-fascia-2026"}
    )
    assert client.get(response.url).url == "/caseload/"


def test_it_refuses_a_duplicate_email(client, nora, alice, otto):
    client.force_login(nora)
    same = client.post("/clinic/people/new/", {"full_name": "A", "email": "ALICE@northside.test"})
    assert b"Alice Moreau, a clinician at your clinic, already has this e-mail address." in (
        same.content
    )
    other = client.post("/clinic/people/new/", {"full_name": "O", "email": "otto@patients.test"})
    assert b"We can&#x27;t use this e-mail address. If the person already has" in other.content
    assert b"Otto" not in other.content
    assert User.objects.count() == 4  # nora, alice, otto, olga


def test_it_rejects_bad_input(client, nora):
    client.force_login(nora)
    response = client.post("/clinic/people/new/", {"full_name": "", "email": "nope"})
    assert b"This field is required." in response.content
    assert b"Enter a valid email address." in response.content
    assert b'value="nope"' in response.content


def test_it_rejects_put(client, nora):
    client.force_login(nora)
    assert client.put("/clinic/people/new/").status_code == 405
