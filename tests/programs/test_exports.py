"""CSV exports: the dashboard with its filters, and one patient's logs; streamed and audited."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.models import ExerciseCompletion
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def read_csv(response):
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_caseload_export_follows_the_filters(client, alice, bob, carlos, dana):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, title="Heel plan")
    factories.SessionLogFactory(program=program, exercise_pain=9)
    factories.PatientFactory(clinic=alice.clinic, full_name="Ann Other", care_team=[alice])
    client.force_login(alice)
    rows = read_csv(client.get("/caseload/export.csv", {"flag": "red_pain"}))
    assert [row["patient"] for row in rows] == ["Bob Hughes"]
    row = rows[0]
    assert row["program"] == "Heel plan"
    assert row["worst_exercise_pain_7_days"] == "9"
    assert row["days_since_last_log"] == "0"
    assert row["open_flags"].startswith("Pain above limit: Pain during exercise up to 9/10")
    assert row["local_date"] == local_today(bob).isoformat()
    assert AuditEvent.objects.filter(
        action=AuditAction.CASELOAD_EXPORTED, category="export"
    ).exists()
    all_rows = read_csv(client.get("/caseload/export.csv"))
    assert {row["patient"] for row in all_rows} == {"Bob Hughes", "Ann Other"}


def test_the_caseload_export_records_whose_rows_went_out(client, alice, bob, carlos, dana):
    factories.PatientFactory(clinic=alice.clinic, full_name="Ann Other", care_team=[alice])
    client.force_login(alice)
    response = client.get("/caseload/export.csv", {"q": "bob"})
    included = AuditEvent.objects.filter(action=AuditAction.EXPORT_INCLUDED)
    assert not included.exists()  # nothing has gone out yet
    assert [row["patient"] for row in read_csv(response)] == ["Bob Hughes"]
    assert [(event.user, event.patient) for event in included] == [(alice, bob)]
    call_command("verify_audit")  # chained in turn and sealed, or it raises
    # Bob reads it on his own access log.
    client.force_login(bob)
    assert "downloaded a caseload list that included you" in client.get("/my/access-log/").text


def test_the_logs_export_has_a_row_per_day_due_or_logged(client, alice, bob):
    today = local_today(bob)
    program = factories.ProgramFactory(
        prescriber=alice, patient=bob, start_date=today - 2 * DAY, title="Heel plan"
    )
    rx = factories.PrescriptionFactory(program=program, times_per_day=2)
    log = factories.SessionLogFactory(
        program=program, date=today - DAY, note="Better, thanks", difficulty="about_right"
    )
    ExerciseCompletion.objects.create(log=log, prescription=rx, times_done=1)
    client.force_login(alice)
    rows = read_csv(client.get(f"/patients/{bob.pk}/logs.csv"))
    assert [row["date"] for row in rows] == [(today - n * DAY).isoformat() for n in (2, 1, 0)]
    assert rows[1] == {
        "date": (today - DAY).isoformat(),
        "program": "Heel plan",
        "morning_pain_0_10": "3",
        "exercise_pain_0_10": "2",
        "difficulty": "About right",
        "note": "Better, thanks",
        "exercises_due": "2",
        "exercises_done": "1",
    }
    assert rows[0]["morning_pain_0_10"] == "" and rows[0]["exercises_due"] == "2"
    assert AuditEvent.objects.filter(action=AuditAction.LOGS_EXPORTED, patient=bob).exists()


def test_export_access(client, alice, carlos, bob):
    assert client.get("/caseload/export.csv").status_code == 302
    client.force_login(bob)
    assert client.get("/caseload/export.csv").status_code == 403
    assert client.get(f"/patients/{bob.pk}/logs.csv").status_code == 403
    client.force_login(carlos)
    assert client.get(f"/patients/{bob.pk}/logs.csv").status_code == 404
    assert client.post("/caseload/export.csv").status_code == 405
    assert client.post(f"/patients/{bob.pk}/logs.csv").status_code == 405


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(queries)


def test_exports_make_a_fixed_number_of_queries(client, alice):
    few = factories.logged_patients(clinician=alice, count=5, days=10)
    client.force_login(alice)
    small = count_queries(client, "/caseload/export.csv")
    small_logs = count_queries(client, f"/patients/{few[0].pk}/logs.csv")
    many = factories.logged_patients(clinician=alice, count=45, days=300)
    assert count_queries(client, "/caseload/export.csv") == small
    assert count_queries(client, f"/patients/{many[0].pk}/logs.csv") == small_logs
    # The caseload's: its rows, then whose rows went out (the people, one audit insert, one
    # batch of their seals).
    assert small <= 10 and small_logs <= 8
