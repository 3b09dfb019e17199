"""Every e-mail field takes addresses of up to 254 characters (RFC 5321), counted once
normalised, and refuses longer ones with a message, never a server error."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG_ADDRESS_OR_PASSWORD = b"Please enter a correct email and password."
TOO_LONG = b"An e-mail address has at most 254 characters."


def address(length: int) -> str:
    """A well-formed address of `length` characters."""
    domain = ".".join(["b" * 61] * 3) + ".org"
    return "a" * (length - 1 - len(domain)) + "@" + domain


LONGEST = address(254)
OVER_LONG = [
    address(255),
    address(256),
    "a" * 300 + "@x.test",
    "x" * 100_000,
    # 253 characters as typed, but NFKC writes each ﷺ out as 18 letters.
    "\ufdfa" * 13 + "@" + "c" * (252 - 13 - 5) + ".test",
]


def test_the_address_bound_is_254():
    assert len(LONGEST) == 254 and len(address(255)) == 255


@pytest.mark.parametrize("email", OVER_LONG, ids=["255", "256", "307", "100k", "expanding"])
def test_sign_in_refuses_an_over_long_address_with_the_usual_message(client, alice, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/login/", {"username": email, "password": PASSWORD})
    assert not [query for query in queries if 'FROM "accounts_user"' in query["sql"]]
    assert response.status_code == 200
    assert WRONG_ADDRESS_OR_PASSWORD in response.content
    assert "_auth_user_id" not in client.session
    # Counted and audited like any wrong address, in a lockout row that fits its column.
    assert all(len(row) <= 254 for row in AccessAttempt.objects.values_list("username", flat=True))
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 1


@pytest.mark.parametrize("email", OVER_LONG[:2] + OVER_LONG[4:], ids=["255", "256", "expanding"])
def test_adding_a_clinician_refuses_an_over_long_address(client, nora, email):
    client.force_login(nora)
    response = client.post("/clinic/people/new/", {"full_name": "Long", "email": email})
    assert response.status_code == 200
    assert TOO_LONG in response.content
    assert not User.objects.filter(full_name="Long").exists()


def test_adding_a_clinician_takes_the_longest_address(client, nora):
    client.force_login(nora)
    response = client.post("/clinic/people/new/", {"full_name": "Long", "email": LONGEST})
    assert response.status_code == 302
    assert User.objects.get(full_name="Long").email == LONGEST


def test_adding_a_patient_refuses_an_over_long_address(client, alice, heel_pain):
    client.force_login(alice)
    data = {"full_name": "Long", "email": address(255), "condition": heel_pain.pk}
    response = client.post("/patients/new/", data)
    assert response.status_code == 200
    assert TOO_LONG in response.content
    assert not User.objects.filter(full_name="Long").exists()


def test_editing_a_patient_refuses_an_over_long_address(client, alice, bob, heel_pain):
    client.force_login(alice)
    data = {"full_name": bob.full_name, "email": OVER_LONG[-1], "condition": heel_pain.pk}
    response = client.post(f"/patients/{bob.pk}/edit/", data)
    assert response.status_code == 200
    assert TOO_LONG in response.content
    bob.refresh_from_db()
    assert bob.email == "bob@patients.test"


@pytest.mark.parametrize("email", OVER_LONG[:2] + OVER_LONG[4:], ids=["255", "256", "expanding"])
def test_a_password_reset_refuses_an_over_long_address(client, email):
    response = client.post("/password/reset/", {"email": email})
    assert response.status_code == 200
    assert TOO_LONG in response.content


def test_an_address_is_stored_as_the_rule_writes_it(client, nora):
    client.force_login(nora)
    data = {"full_name": "Hana Sato", "email": " ＨＡＮＡ@Northside.test "}
    assert client.post("/clinic/people/new/", data).status_code == 302
    assert User.objects.get(full_name="Hana Sato").email == "hana@northside.test"


def test_the_model_refuses_an_address_that_normalising_makes_too_long(northside):
    user = User(email=OVER_LONG[-1], full_name="Long", role="clinician", clinic=northside)
    with pytest.raises(ValidationError, match="at most 254 characters"):
        user.full_clean()
