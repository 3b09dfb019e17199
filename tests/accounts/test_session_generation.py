"""Deactivating an account ends its sessions for good, however it is deactivated (the
clinic's people page, the Django admin, a script): each session is signed with the
account's session generation, which a save of an inactive account moves on."""

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert client.get("/today/").status_code == 200
    return client


def set_active(user, active: bool) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])


def test_a_deactivation_undone_before_their_next_request_still_signs_them_out(bob):
    client = signed_in(bob)
    set_active(bob, False)
    set_active(bob, True)
    response = client.get("/today/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_their_new_sessions_work(bob):
    set_active(bob, False)
    set_active(bob, True)
    signed_in(bob)


def test_the_sessions_of_an_account_never_deactivated_keep_djangos_hash(bob):
    # Sessions from before the generation existed stay valid: no one is signed out by it.
    assert bob.session_generation == 0
    assert bob.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(bob)


def test_saving_an_active_account_keeps_its_sessions(bob):
    client = signed_in(bob)
    bob.full_name = "Robert Hughes"
    bob.save()
    assert client.get("/today/").status_code == 200
