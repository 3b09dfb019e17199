"""The whole invitation flow, and every way a link can stop working."""

import datetime

import pytest
from django.utils import timezone

from accounts import invitations
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Invitation
from tests import factories
from tests.accounts.conftest import invitation_path, invite

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "heel-stretch-every-morning"


def choose(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, {"new_password1": password, "new_password2": confirm or password})


@pytest.fixture
def invitation(northside, alice):
    eve = factories.PatientFactory(
        clinic=northside, email="eve@patients.test", full_name="Eve Walker", care_team=[alice]
    )
    return invite(eve, by=alice)


def path_of(invitation):
    return f"/invite/{invitations.token_for(invitation.pk)}/"


def test_the_whole_flow_from_adding_to_signing_in(client, alice, heel_pain, mailoutbox):
    client.force_login(alice)
    client.post(
        "/patients/new/",
        {"full_name": "Eve Walker", "email": "eve@patients.test", "condition": heel_pain.pk},
    )
    client.logout()
    [message] = mailoutbox
    assert "Alice Moreau at Northside" in message.body
    assert "http://127.0.0.1:8000/invite/" in message.body  # from SITE_URL
    path = invitation_path(message)

    page = client.get(path)
    assert page.status_code == 200
    assert b"Choose your password" in page.content
    assert b"eve@patients.test" in page.content

    response = choose(client, path)
    assert response.status_code == 302
    landing = client.get(response.url, follow=True)
    assert landing.redirect_chain[-1][0] == "/today/"
    assert b"Welcome to Stride" in landing.content
    assert landing.context["user"].email == "eve@patients.test"
    assert landing.context["user"].check_password(NEW_PASSWORD)

    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert b"already been used" in again.content
    flow = [AuditAction.PATIENT_ADDED, AuditAction.INVITATION_USED, AuditAction.INVITATION_REFUSED]
    assert list(AuditEvent.objects.filter(action__in=flow).values_list("action", "outcome")) == [
        (AuditAction.INVITATION_REFUSED, "denied"),
        (AuditAction.INVITATION_USED, "ok"),
        (AuditAction.PATIENT_ADDED, "ok"),
    ]


def test_it_lands_a_clinician_on_the_caseload(client, nora):
    invitation = invite(factories.ClinicianFactory(clinic=nora.clinic), by=nora)
    response = choose(client, path_of(invitation))
    assert client.get(response.url).url == "/caseload/"


def test_it_applies_the_password_validators(client, invitation):
    response = choose(client, path_of(invitation), password="short")
    assert response.status_code == 200
    assert b"This password is too short" in response.content
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_it_rejects_mismatched_passwords(client, invitation):
    response = choose(client, path_of(invitation), confirm="something-else-entirely")
    assert "didn’t match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_expired_link(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(path_of(invitation))
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert b"ask your clinician to send you a new link" in response.content
    event = AuditEvent.objects.get(action=AuditAction.INVITATION_REFUSED)
    assert event.outcome == "denied"
    assert event.patient == invitation.user


def test_it_refuses_an_expired_link_on_submit(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert choose(client, path_of(invitation)).status_code == 410
    invitation.user.refresh_from_db()
    assert not invitation.user.has_usable_password()


def test_it_refuses_a_tampered_link(client, invitation):
    token = invitations.token_for(invitation.pk)
    response = client.get(f"/invite/{token[:-2]}xx/")
    assert response.status_code == 404
    assert b"We don't recognise this link" in response.content
    assert AuditEvent.objects.get(action=AuditAction.INVITATION_REFUSED).object_id == ""


def test_it_refuses_a_link_to_an_unknown_invitation(client):
    token = invitations.token_for("c0ffee00-0000-4000-8000-000000000000")
    assert client.get(f"/invite/{token}/").status_code == 404


def test_it_refuses_a_link_replaced_by_a_resend(client, invitation, alice, mailoutbox):
    client.force_login(alice)
    client.post(f"/patients/{invitation.user.pk}/invitation/")
    client.logout()

    old = client.get(path_of(invitation))
    assert old.status_code == 410
    assert b"This link has been replaced" in old.content
    assert choose(client, invitation_path(mailoutbox[-1])).status_code == 302


def test_it_refuses_a_deactivated_persons_link(client, invitation):
    invitation.user.is_active = False
    invitation.user.save()
    assert client.get(path_of(invitation)).status_code == 410


def test_the_default_lifetime_is_seven_days(invitation):
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )


def test_it_reads_the_lifetime_from_settings(settings):
    settings.INVITATION_DAYS = 2
    assert invitations.lifetime() == datetime.timedelta(days=2)


def test_it_rejects_put(client, invitation):
    assert client.put(path_of(invitation)).status_code == 405
