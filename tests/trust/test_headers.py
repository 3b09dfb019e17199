import re

import pytest
from django.conf import settings

from tests.factories import pass_second_factor, sign_in_as

pytestmark = pytest.mark.django_db

CSP_DIRECTIVES = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "img-src 'self' data:",
]


def assert_strict_csp(response):
    policy = response["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in policy
    script_src = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
    assert script_src, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    return script_src.group(1)


def test_a_public_page_has_the_policy_and_its_scripts_carry_the_nonce(client):
    response = client.get("/login/")
    nonce = assert_strict_csp(response)
    scripts = re.findall(rb"<script[^>]*>", response.content)
    assert scripts
    assert all(f'nonce="{nonce}"'.encode() in tag for tag in scripts)


def test_a_signed_in_page_has_the_policy(client, bob):
    client.force_login(bob)
    assert_strict_csp(client.get("/today/"))


def test_the_admin_has_the_policy(client, staff):
    assert_strict_csp(client.get("/admin/login/"))
    pass_second_factor(client, staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_strict_csp(response)


def test_error_pages_have_the_policy(client):
    assert_strict_csp(client.get("/no-such-page/"))


def test_nonces_differ_between_responses(client):
    assert assert_strict_csp(client.get("/login/")) != assert_strict_csp(client.get("/login/"))


@pytest.mark.parametrize("person, url", [("bob", "/today/"), ("alice", "/caseload/")])
def test_signed_in_pages_are_never_stored(client, request, person, url):
    sign_in_as(client, request.getfixturevalue(person))
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_signed_in_redirects_and_errors_are_never_stored_either(client, bob):
    client.force_login(bob)
    assert "no-store" in client.get("/").headers["Cache-Control"]
    assert "no-store" in client.get("/caseload/").headers["Cache-Control"]


def test_it_denies_framing_and_sets_a_referrer_policy(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_sends_hsts_for_a_year_with_subdomains_over_https(client):
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_it_redirects_http_to_https_behind_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/login/")
    assert response.status_code == 301
    assert response.url == "https://testserver/login/"
    forwarded = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.status_code == 200


def test_cookies_are_host_only_secure_and_http_only(client, sign_in, bob):
    sign_in(client, bob)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")
    assert session["secure"] and session["httponly"]
    assert session["path"] == "/" and not session["domain"]
    client.get("/password/change/")
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert settings.CSRF_COOKIE_NAME.startswith("__Host-")
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]


def test_csrf_is_enforced_on_login(bob):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": bob.email, "password": "x"})
    assert response.status_code == 403
