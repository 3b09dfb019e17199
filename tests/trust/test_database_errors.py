"""A lost database (a restart, a failover) answers with the plain 503 page, whether the
error comes from a view or from a middleware; any other error is still the 500 page."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

pytestmark = pytest.mark.django_db

BUSY = b"Stride is busy for a moment"


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_error_in_a_view_is_a_503(alice_client, error):
    with mock.patch("programs.views.clinician.caseload.caseload_page", side_effect=error("gone")):
        response = alice_client.get("/caseload/")
    assert response.status_code == 503
    assert BUSY in response.content
    assert response["Retry-After"] == "5"
    assert b"gone" not in response.content


def test_a_database_error_in_a_middleware_is_a_503(alice_client):
    with mock.patch("accounts.sessions.expiry_message", side_effect=OperationalError("gone")):
        response = alice_client.get("/caseload/")
    assert response.status_code == 503
    assert BUSY in response.content


def test_other_errors_are_still_a_500(alice_client):
    with mock.patch(
        "programs.views.clinician.caseload.caseload_page", side_effect=ValueError("bug")
    ):
        response = alice_client.get("/caseload/")
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content
