import sys

import pytest

from tests.factories import PASSWORD
from tests.trust.world import build_world


@pytest.fixture
def sign_in():
    """Signs in through the login form, as a person would (signals, axes and all)."""

    def sign_in(client, user, password=PASSWORD, **extra):
        return client.post("/login/", {"username": user.email, "password": password}, **extra)

    return sign_in


@pytest.fixture
def world(northside, nora, alice, carlos, bob, dana, olga, otto, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the clinic's own exercise has a picture
    return build_world(
        northside=northside,
        nora=nora,
        alice=alice,
        carlos=carlos,
        bob=bob,
        dana=dana,
        olga=olga,
        otto=otto,
        staff=staff,
    )


def pytest_terminal_summary(terminalreporter):
    fuzz = sys.modules.get("tests.trust.test_fuzz_forms")
    if fuzz is not None and fuzz.REQUESTS["count"]:
        terminalreporter.write_line(f"fuzz: {fuzz.REQUESTS['count']} requests")
