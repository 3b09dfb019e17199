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
