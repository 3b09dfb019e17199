"""Signing in with another spelling of an address: the spellings the address rule maps to
the account's address sign in (and share its lockout); the others are other addresses."""

import pytest
from axes.models import AccessAttempt

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "wrong-password-entirely"
WRONG_ADDRESS_OR_PASSWORD = b"Please enter a correct email and password."
# Spellings that are alice's address, and look-alikes that are not.
ALICE = "alice@northside.test"
SAME_ADDRESS = [
    "ALICE@northside.test",
    "Alice@Northside.Test",
    "  alice@northside.test ",
    "ａｌｉｃｅ@ｎｏｒｔｈｓｉｄｅ.ｔｅｓｔ",  # full-width
    "ＡＬＩＣＥ@northside.test",
]
OTHER_ADDRESSES = [
    "al\u0131ce@northside.test",  # dotless ı (Turkish): PostgreSQL's UPPER makes it an I
    "AL\u0131CE@northside.test",
    "AL\u0130CE@northside.test",  # dotted capital İ
    "\u0430lice@northside.test",  # Cyrillic а
]


def sign_in(client, email, password=PASSWORD):
    return client.post("/login/", {"username": email, "password": password})


@pytest.mark.parametrize("email", SAME_ADDRESS)
def test_another_spelling_of_the_address_signs_in(client, alice, email):
    assert sign_in(client, email).status_code == 302


@pytest.mark.parametrize("email", OTHER_ADDRESSES)
def test_a_look_alike_address_does_not_sign_in_as_alice(client, alice, email):
    response = sign_in(client, email)
    assert response.status_code == 200
    assert WRONG_ADDRESS_OR_PASSWORD in response.content
    assert "_auth_user_id" not in client.session


def test_a_combining_accent_is_the_precomposed_letter(client, northside):
    rene = factories.ClinicianFactory(clinic=northside, email="ren\u00e9@caf\u00e9.test")
    assert rene.email == "ren\u00e9@caf\u00e9.test"
    assert sign_in(client, "RENE\u0301@CAFE\u0301.test").status_code == 302


def test_the_longest_address_signs_in(client, northside):
    long_address = "a" * 64 + "@" + ".".join(["b" * 61] * 3) + ".org"
    assert len(long_address) == 254
    factories.ClinicianFactory(clinic=northside, email=long_address)
    assert sign_in(client, long_address.upper()).status_code == 302


def lock_out(client, email):
    return [sign_in(client, email, WRONG).status_code for _ in range(5)]


def test_once_alice_is_locked_out_every_spelling_of_her_address_is(client, alice):
    assert lock_out(client, ALICE)[-1] == 429
    for email in [ALICE, *SAME_ADDRESS]:
        assert sign_in(client, email).status_code == 429, email
    assert "_auth_user_id" not in client.session


def test_failures_under_different_spellings_add_up(client, alice):
    statuses = [sign_in(client, email, WRONG).status_code for email in SAME_ADDRESS]
    assert statuses == [200, 200, 200, 200, 429]
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {ALICE}


def test_look_alikes_do_not_give_more_guesses_at_alices_password(client, alice):
    lock_out(client, ALICE)
    # The look-alikes are counted apart, but none of them is alice: even her right
    # password does not sign in through one.
    for email in OTHER_ADDRESSES:
        assert sign_in(client, email).status_code == 200, email
        assert "_auth_user_id" not in client.session
