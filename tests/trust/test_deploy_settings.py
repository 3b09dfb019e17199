"""The production environment passes Django's deployment checks, with nothing silenced."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3#v9!Qz-a long, random and only-for-this-test production key 2f7Xw0",
    "ALLOWED_HOSTS": "stride.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://stride.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "EMAIL_HOST": "smtp.example.org",
    "AUDIT_MAC_KEYS": "k2:second-key-only-for-this-test-012345,k1:first-key-only-for-it-0123456789",
}


# Set by the browser tests for their own process; never part of a deployment.
HARNESS_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in HARNESS_ONLY
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_audit_mac_keys():
    env = {k: v for k, v in PRODUCTION.items() if k != "AUDIT_MAC_KEYS"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "AUDIT_MAC_KEYS must be set when DEBUG is off" in result.stderr


def test_it_refuses_a_short_audit_mac_key_without_echoing_it():
    result = manage("check", **(PRODUCTION | {"AUDIT_MAC_KEYS": "k1:short-secret"}))
    assert result.returncode != 0
    assert "AUDIT_MAC_KEYS: each entry is id:secret" in result.stderr
    assert "short-secret" not in result.stderr
