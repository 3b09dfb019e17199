"""No CSV download carries a live spreadsheet formula, whatever patients and clinicians type.

Each export is fetched through its real URL by the person allowed to have it, with a
patient named like a formula and session notes written like formulas.
"""

import csv
import datetime
import io

import pytest

from accounts.dates import local_today
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://x")'
HOSTILE_NOTES = ["+cmd|' /C calc'!A0", "@SUM(1)"]
HOSTILE_TITLE = "-2+3"
# Spelled out here rather than imported, so the test does not move with the code it checks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def eve(northside, alice):
    """A patient of Alice's whose name, program title and notes all read as formulas."""
    patient = factories.PatientFactory(clinic=northside, full_name=HOSTILE_NAME, care_team=[alice])
    program = factories.ProgramFactory(prescriber=alice, patient=patient, title=HOSTILE_TITLE)
    today = local_today(patient)
    for days_ago, note in enumerate(HOSTILE_NOTES, start=1):
        factories.SessionLogFactory(
            program=program, date=today - datetime.timedelta(days=days_ago), note=note
        )
    return patient


def cells(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_defused(found, *hostile):
    assert not [cell for cell in found if cell.startswith(FORMULA_STARTS)]
    for text in hostile:
        assert "'" + text in found


def test_the_caseload_export_defuses_a_patients_name(client, alice, eve):
    client.force_login(alice)
    assert_defused(cells(client.get("/caseload/export.csv")), HOSTILE_NAME, HOSTILE_TITLE)


def test_the_logs_export_defuses_notes(client, alice, eve):
    client.force_login(alice)
    found = cells(client.get(f"/patients/{eve.pk}/logs.csv"))
    assert_defused(found, HOSTILE_TITLE, *HOSTILE_NOTES)


def test_the_audit_export_defuses_a_patients_name(client, nora, alice, eve):
    client.force_login(alice)
    client.get(f"/patients/{eve.pk}/logs.csv")  # leaves an audit row about Eve
    client.force_login(nora)
    assert_defused(cells(client.get("/clinic/audit/export.csv")), HOSTILE_NAME)
