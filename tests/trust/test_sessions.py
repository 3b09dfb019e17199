import pytest
from django.conf import settings

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from accounts.sessions import LAST_SEEN, LOGIN_AT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def session_cookie(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def age_session(client, *, idle_minutes=0, since_login_hours=0):
    """Moves the session's clock back, as if time had passed since the last request."""
    session = client.session
    session[LAST_SEEN] -= idle_minutes * 60
    session[LOGIN_AT] -= since_login_hours * 3600
    session.save()


def test_it_gives_a_new_session_key_at_login(client, sign_in, bob):
    client.get("/login/")
    client.session.save()
    before = session_cookie(client)
    sign_in(client, bob)
    assert session_cookie(client) != before


@pytest.mark.parametrize(
    "person, idle, signed_in",
    [("alice", 14, True), ("alice", 16, False), ("bob", 16, True), ("bob", 61, False)],
)
def test_it_signs_out_after_inactivity(client, sign_in, request, person, idle, signed_in):
    user = request.getfixturevalue(person)
    sign_in(client, user)
    age_session(client, idle_minutes=idle)
    response = client.get("/", follow=True)
    assert (response.redirect_chain[-1][0].startswith("/login/")) is not signed_in
    if not signed_in:
        assert b"without activity" in response.content
        assert AuditEvent.objects.filter(user=user, action=AuditAction.SESSION_EXPIRED).exists()


def test_staff_idle_minutes_come_from_settings(client, sign_in, alice, settings):
    settings.SESSION_IDLE_MINUTES_STAFF = 30
    sign_in(client, alice)
    age_session(client, idle_minutes=20)
    assert client.get("/caseload/").status_code == 200


def test_activity_keeps_the_session_alive(client, sign_in, alice):
    sign_in(client, alice)
    for _ in range(3):
        age_session(client, idle_minutes=10)
        assert client.get("/caseload/").status_code == 200


def test_it_signs_out_12_hours_after_login_even_when_active(client, sign_in, bob):
    sign_in(client, bob)
    age_session(client, since_login_hours=12.1)
    response = client.get("/today/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert b"signed in for 12 hours" in response.content


def test_a_replayed_cookie_after_logout_is_refused(client, sign_in, bob):
    sign_in(client, bob)
    stolen = session_cookie(client)
    client.post("/logout/")
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = client.get("/today/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_a_password_change_ends_other_sessions(client, sign_in, bob, django_user_model):
    from django.test import Client

    other_device = Client()
    sign_in(other_device, bob)
    sign_in(client, bob)
    client.post(
        "/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-and-long-password",
            "new_password2": "a-new-and-long-password",
        },
    )
    assert other_device.get("/today/").status_code == 302
    assert client.get("/today/").status_code == 200


def test_a_deactivated_users_session_ends_on_the_next_request(client, sign_in, alice):
    sign_in(client, alice)
    assert client.get("/caseload/").status_code == 200
    alice.is_active = False
    alice.save()
    response = client.get("/caseload/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")
