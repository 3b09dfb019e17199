"""The request log: one JSON line per request, naming the page but never the person."""

import json

import pytest

pytestmark = pytest.mark.django_db

MIDDLEWARE = "config.request_logging.RequestLoggingMiddleware"


@pytest.fixture(autouse=True)
def request_logging(settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:2], MIDDLEWARE, *settings.MIDDLEWARE[2:]]


def logged(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "stride.requests"]


def test_it_logs_the_route_status_duration_and_role(client, caplog, bob):
    client.force_login(bob)
    with caplog.at_level("INFO", logger="stride.requests"):
        client.get("/today/?from=email")
    [entry] = logged(caplog)
    assert entry["method"] == "GET"
    assert entry["route"] == "/today/"
    assert entry["view"] == "patient_home"
    assert entry["status"] == 200
    assert entry["role"] == "patient"
    assert entry["duration_ms"] >= 0


def test_it_never_logs_ids_emails_or_query_strings(client, caplog, bob):
    client.force_login(bob)
    with caplog.at_level("INFO", logger="stride.requests"):
        client.get(f"/patients/{bob.pk}/?email={bob.email}")
        client.get("/today/", {"note": "sore heel"})
    lines = [r.getMessage() for r in caplog.records if r.name == "stride.requests"]
    assert len(lines) == 2
    for line in lines:
        assert str(bob.pk) not in line and bob.pk.hex not in line
        assert bob.email not in line
        assert "sore" not in line and "?" not in line
    assert json.loads(lines[0])["route"] == "/patients/<uuid:patient_id>/"  # the pattern, no id


def test_it_logs_anonymous_visitors_and_redirects(client, caplog):
    with caplog.at_level("INFO", logger="stride.requests"):
        client.get("/today/")
    [entry] = logged(caplog)
    assert entry["status"] == 302
    assert entry["role"] == "anonymous"


def test_it_costs_no_query_of_its_own(client, caplog, django_assert_num_queries):
    with caplog.at_level("INFO", logger="stride.requests"), django_assert_num_queries(1):
        client.get("/healthz")  # the health check's own SELECT 1; no session or user lookup
    [entry] = logged(caplog)
    assert entry["role"] == "anonymous"
    assert entry["route"] == "/healthz"
