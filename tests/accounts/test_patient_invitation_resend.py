from unittest import mock

import pytest

from accounts import invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Invitation
from tests.accounts.conftest import invite
from tests.factories import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_link(bob, alice):
    return invite(bob, by=alice)


@pytest.mark.parametrize("person", ["alice", "nora"])
def test_it_replaces_the_link_and_emails_it(client, request, person, first_link, mailoutbox):
    sign_in_as(client, request.getfixturevalue(person))
    bob = first_link.user
    response = client.post(f"/patients/{bob.pk}/invitation/", follow=True)
    assert response.redirect_chain[-1][0] == f"/patients/{bob.pk}/"
    assert b"We&#x27;ve e-mailed an invitation link to Bob Hughes" in response.content
    first_link.refresh_from_db()
    assert first_link.revoked_at is not None
    new = Invitation.objects.exclude(pk=first_link.pk).get(user=bob)
    assert new.is_usable
    assert invitations.url_for(new.pk) in mailoutbox[0].body
    assert invitations.url_for(new.pk) in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_SENT, patient=bob).count() == 1


def test_it_refuses_when_the_patient_has_joined(client, alice, bob, mailoutbox):
    client.force_login(alice)
    response = client.post(f"/patients/{bob.pk}/invitation/", follow=True)
    assert b"has already chosen a password" in response.content
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    assert AuditEvent.objects.get(action=AuditAction.INVITATION_NOT_NEEDED).patient == bob


def test_it_still_shows_the_link_when_the_mail_server_fails(client, alice, first_link):
    client.force_login(alice)
    with mock.patch("accounts.invitations.send_mail", side_effect=OSError("down")):
        response = client.post(f"/patients/{first_link.user.pk}/invitation/", follow=True)
    assert b"We couldn&#x27;t send the e-mail" in response.content
    assert b"/invite/" in response.content
    assert AuditEvent.objects.get(action=AuditAction.INVITATION_SENT).outcome == "failed"


def test_it_is_404_outside_the_care_team(client, carlos, first_link):
    client.force_login(carlos)
    assert client.post(f"/patients/{first_link.user.pk}/invitation/").status_code == 404
    assert Invitation.objects.count() == 1
