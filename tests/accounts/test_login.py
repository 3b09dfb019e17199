import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests.factories import PASSWORD, pass_second_factor

pytestmark = pytest.mark.django_db


def login(client, user, password=PASSWORD):
    return client.post("/login/", {"username": user.email, "password": password})


def test_it_shows_the_login_page(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert b"Sign in to Stride" in response.content
    assert b"it does not replace it" in response.content


def test_it_logs_a_patient_in_to_the_today_page(client, bob):
    response = login(client, bob)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] == "/today/"
    assert b"Today" in response.content


@pytest.mark.parametrize("person", ["alice", "nora"])
def test_it_logs_clinic_staff_in_to_the_caseload(client, request, person):
    user = request.getfixturevalue(person)
    response = client.get(login(client, user).url, follow=True)
    assert response.redirect_chain[-1][0] == "/caseload/"


def test_it_sends_staff_to_the_admin_through_the_second_factor(client, staff):
    response = client.get(login(client, staff).url, follow=True)
    # Home, which leads staff to the admin, asks for the second factor first.
    assert response.redirect_chain[-1][0] == "/account/two-factor/setup/?next=%2F"
    pass_second_factor(client, staff)
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/admin/"


def test_it_accepts_the_email_in_any_case(client, bob):
    response = client.post("/login/", {"username": "BOB@Patients.test", "password": PASSWORD})
    assert response.status_code == 302


def test_it_rejects_a_wrong_password_and_audits_it(client, bob):
    response = login(client, bob, "wrong-password-here")
    assert response.status_code == 200
    assert (
        b"correct email" in response.content.lower()
        or b"please enter a correct" in response.content.lower()
    )
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.outcome == "failed"


def test_it_audits_login_and_logout(client, bob):
    login(client, bob)
    client.post("/logout/")
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        AuditAction.SESSION_STARTED,
        AuditAction.SESSION_ENDED,
    ]


def test_it_hashes_passwords_with_argon2(bob):
    bob.set_password("a-brand-new-long-password")
    assert bob.password.startswith("argon2")
