"""/healthz: a status for load balancers, with nothing about anyone in it."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_it_reports_a_reachable_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_needs_no_sign_in_and_answers_head(client):
    assert client.head("/healthz").status_code == 200


def test_it_is_503_when_the_database_is_unreachable(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405
