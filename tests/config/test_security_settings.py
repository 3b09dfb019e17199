"""HSTS and HTTPS-only cookies are production settings of their own, not the redirect's."""

import importlib.util

import pytest
from django.conf import settings

YEAR = 365 * 24 * 60 * 60
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "only-for-this-test-a-long-random-production-key-3f9Kq2",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/not_used",
}
SWITCHES = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


@pytest.fixture
def load_settings(monkeypatch):
    """config/settings.py executed afresh with the given environment, as a new module."""

    def load(**env):
        for name in SWITCHES:
            monkeypatch.delenv(name, raising=False)
        for name, value in {**PRODUCTION, **env}.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location(
            "settings_under_test", settings.BASE_DIR / "config" / "settings.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


def assert_hsts_and_secure_cookies(module):
    assert module.SECURE_HSTS_SECONDS == YEAR
    assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
    assert module.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert module.CSRF_COOKIE_NAME == "__Host-csrftoken"


def test_production_has_the_redirect_hsts_and_secure_cookies(load_settings):
    production = load_settings()
    assert production.SECURE_SSL_REDIRECT is True
    assert_hsts_and_secure_cookies(production)


def test_turning_the_redirect_off_keeps_hsts_and_secure_cookies(load_settings):
    redirect_at_the_proxy = load_settings(SECURE_SSL_REDIRECT="false")
    assert redirect_at_the_proxy.SECURE_SSL_REDIRECT is False
    assert_hsts_and_secure_cookies(redirect_at_the_proxy)


def test_each_can_be_turned_off_on_its_own_for_plain_http_on_loopback(load_settings):
    loopback = load_settings(
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    assert loopback.SECURE_HSTS_SECONDS == 0
    assert not loopback.SESSION_COOKIE_SECURE and loopback.SESSION_COOKIE_NAME == "sessionid"
    assert not loopback.CSRF_COOKIE_SECURE and loopback.CSRF_COOKIE_NAME == "csrftoken"
    only_hsts_off = load_settings(SECURE_HSTS_SECONDS="0")
    assert only_hsts_off.SESSION_COOKIE_SECURE and only_hsts_off.CSRF_COOKIE_SECURE


def test_development_has_none_of_them(load_settings):
    development = load_settings(DEBUG="true", SESSION_COOKIE_SECURE="true")
    assert development.SECURE_SSL_REDIRECT is False
    assert development.SECURE_HSTS_SECONDS == 0
    assert not development.SESSION_COOKIE_SECURE and not development.CSRF_COOKIE_SECURE


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/healthz", "/no-such-page/", "/static/css/stride.css"])
def test_the_app_sets_no_server_header(client, url):
    # gunicorn adds "Server: gunicorn"; nginx drops it (config/deploy/nginx.conf). The app
    # itself must not name its software either.
    response = client.get(url, secure=True)
    assert "Server" not in response.headers
