import re

import pytest
from django.conf import settings
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_argon2_is_the_first_hasher():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def change_password(client, new):
    return client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_it_accepts_a_64_character_password(client, bob):
    client.force_login(bob)
    long_password = "correct horse battery staple and a long walk to the shops today!"
    assert len(long_password) == 64
    response = change_password(client, long_password)
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password(long_password)


def test_it_refuses_a_password_shorter_than_12(client, bob):
    client.force_login(bob)
    response = change_password(client, "short-pass1")
    assert response.status_code == 200
    assert b"at least 12 characters" in response.content


def page_text(response):
    """The page less what differs on every response anyway (the CSP nonce)."""
    return re.sub(rb'nonce="[^"]*"', b"", response.content)


def reset(client, email):
    return client.post("/password/reset/", {"email": email}, follow=True)


def test_a_reset_does_not_reveal_whether_the_email_exists(client, bob):
    known = reset(client, bob.email)
    unknown = reset(client, "nobody-here@patients.test")
    assert known.redirect_chain == unknown.redirect_chain == [("/password/reset/sent/", 302)]
    assert page_text(known) == page_text(unknown)
    # The e-mails go from the task queue (accounts.password_reset): run what was queued.
    for queued in DBTaskResult.objects.order_by("enqueued_at"):
        queued.task.call(*queued.args_kwargs["args"])
    assert [message.to for message in mail.outbox] == [[bob.email]]
