"""config/db_router.py without a standby: what holds whether or not one is configured.
The routing itself, against a real primary and standby: test_replica_routing.py."""

import time
from unittest import mock

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from config import db_router
from config.replica import REPLICA, lsn_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_a_replica_alias():
    """A "replica" connection alias (the test database itself): enough for the pin."""
    connections.settings[REPLICA] = dict(connections.settings["default"])
    yield
    del connections.settings[REPLICA]


def pin_response(request):
    return db_router.PinToPrimaryMiddleware(lambda request: HttpResponse())(request)


def test_without_a_replica_heavy_reads_use_the_primary_and_nothing_is_pinned(alice):
    seen = []

    @db_router.replica_reads
    def view(request):
        seen.append(db_router.read_alias())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = alice
    view(request)
    assert seen == ["default"]
    assert db_router.PIN_COOKIE not in pin_response(RequestFactory().post("/")).cookies


@override_settings(REPLICA_PIN_SECONDS=6)
def test_a_write_pins_the_browser_to_the_primary_for_a_while(with_a_replica_alias):
    factory = RequestFactory()
    assert db_router.PIN_COOKIE not in pin_response(factory.get("/")).cookies
    cookie = pin_response(factory.post("/")).cookies[db_router.PIN_COOKIE]
    assert cookie["max-age"] == 6 and cookie["httponly"] and cookie["samesite"] == "Lax"

    later = factory.get("/")
    later.COOKIES[db_router.PIN_COOKIE] = cookie.value
    assert db_router.pinned_to_primary(later)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 7):
        assert not db_router.pinned_to_primary(later)  # the pin has run out

    forged = factory.get("/")
    forged.COOKIES[db_router.PIN_COOKIE] = "1"
    assert not db_router.pinned_to_primary(forged)


def test_writes_and_migrations_go_to_the_primary():
    router = db_router.ReplicaRouter()
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("default", "programs") and not router.allow_migrate(REPLICA, "x")


def test_a_wal_position_reads_as_bytes():
    assert lsn_bytes("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert lsn_bytes("0/0") == 0
