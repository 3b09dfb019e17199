"""django-axes: 5 failures for one e-mail from one address lock that pair for 15 minutes."""

import datetime

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


def fail(client, sign_in, user, times, **extra):
    return [
        sign_in(client, user, "wrong-password-entirely", **extra).status_code for _ in range(times)
    ]


def test_it_locks_after_five_failures_with_a_429_page(client, sign_in, bob):
    assert fail(client, sign_in, bob, 5) == [200, 200, 200, 200, 429]
    # Even the right password is refused now.
    response = sign_in(client, bob)
    assert response.status_code == 429
    assert b"paused sign-in for it for 15 minutes" in response.content
    assert b"Reset my password" in response.content
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_for_header_does_not_bypass_it(client, sign_in, bob):
    fail(client, sign_in, bob, 4, HTTP_X_FORWARDED_FOR="203.0.113.1")
    response = sign_in(client, bob, "wrong-password-entirely", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert response.status_code == 429
    response = sign_in(client, bob, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, sign_in, bob, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert fail(client, sign_in, bob, 5, **attacker)[-1] == 429
    # Bob, behind the same proxy, is not locked out by someone else's failures...
    assert sign_in(client, bob, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    client.logout()
    # ...and the attacker cannot get round it by prepending an address of their choice.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.9"}
    assert sign_in(client, bob, **forged).status_code == 429


def test_it_counts_the_email_in_any_case_together(client, sign_in, bob):
    for email in [
        "bob@patients.test",
        "BOB@patients.test",
        "Bob@Patients.Test",
        " bob@patients.test",
        "bOb@patients.test",
    ]:
        client.post("/login/", {"username": email, "password": "wrong-password-entirely"})
    assert sign_in(client, bob).status_code == 429


def test_it_locks_only_that_address(client, sign_in, bob):
    fail(client, sign_in, bob, 5)
    response = sign_in(client, bob, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302


def test_it_locks_only_that_account(client, sign_in, bob, dana):
    fail(client, sign_in, bob, 5)
    assert sign_in(client, dana).status_code == 302


def test_a_success_resets_the_count(client, sign_in, bob):
    fail(client, sign_in, bob, 4)
    assert sign_in(client, bob).status_code == 302
    client.post("/logout/")
    assert fail(client, sign_in, bob, 4) == [200, 200, 200, 200]
    assert sign_in(client, bob).status_code == 302


def test_the_lock_ends_after_15_minutes(client, sign_in, bob):
    fail(client, sign_in, bob, 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert sign_in(client, bob).status_code == 302


def test_the_lock_is_still_on_before_15_minutes(client, sign_in, bob):
    fail(client, sign_in, bob, 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=14)
    )
    assert sign_in(client, bob).status_code == 429


def test_the_lockout_page_offers_sign_in_help_not_a_home_page(client, sign_in, bob):
    fail(client, sign_in, bob, 5)
    page = sign_in(client, bob).content.decode()
    assert "Go to my home page" not in page
    assert 'href="/password/reset/">Reset my password</a>' in page
    assert 'href="/login/">Back to sign in</a>' in page


def test_a_signed_out_visitor_of_an_error_page_is_sent_to_sign_in(client):
    page = client.get("/no-such-page/").content.decode()
    assert "Go to my home page" not in page
    assert 'href="/login/">Go to the sign-in page</a>' in page
