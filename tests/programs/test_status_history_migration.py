"""Migration 0004 builds each existing program's status history from its rows and pauses."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = "0003_flag_flare", "0004_program_status_history"
DAY = datetime.timedelta(days=1)
START = datetime.date(2026, 9, 1)
# Created and last updated at 23:30 UTC: already the next day in Auckland, the patient's zone.
CREATED = datetime.datetime(2026, 8, 30, 23, 30, tzinfo=datetime.UTC)
UPDATED = datetime.datetime(2026, 10, 9, 23, 30, tzinfo=datetime.UTC)


def migrate(programs_migration=None):
    """Programs at `programs_migration` (default: the latest), every other app at its latest;
    returns the models as they were then."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    targets = [node for node in leaves if node[0] != "programs" or programs_migration is None]
    if programs_migration is not None:
        targets.append(("programs", programs_migration))
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_afterwards():
    """Later migrations may build on 0004: the tests that follow need the whole schema."""
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_afterwards")
def test_it_builds_the_history_from_what_is_known():
    apps = migrate(BEFORE)
    try:
        clinic = apps.get_model("accounts", "Clinic").objects.create(
            name="Northside", timezone="Europe/London"
        )
        patient = apps.get_model("accounts", "User").objects.create(
            email="bob@patients.test", role="patient", clinic=clinic
        )
        apps.get_model("accounts", "PatientProfile").objects.create(
            user=patient, timezone="Pacific/Auckland"
        )
        clinician = apps.get_model("accounts", "User").objects.create(
            email="alice@northside.test", role="clinician", clinic=clinic
        )
        Program = apps.get_model("programs", "Program")

        def program(status, end=None, pauses=()):
            row = Program.objects.create(
                patient=patient, prescriber=clinician, title=status, start_date=START,
                end_date=end, status=status, created_at=CREATED, updated_at=UPDATED,
            )  # fmt: skip
            for first, last in pauses:
                row.pauses.create(start_date=first, end_date=last)
            return row.pk

        made = {
            "draft": program("draft"),
            "paused twice": program(
                "paused", pauses=[(START + 10 * DAY, START + 12 * DAY), (START + 20 * DAY, None)]
            ),
            "completed on time": program("completed", end=START + 29 * DAY),
            "completed, no end": program("completed", pauses=[(START + 5 * DAY, START + 6 * DAY)]),
        }
    finally:
        apps = migrate(AFTER)

    Program = apps.get_model("programs", "Program")
    Span = apps.get_model("programs", "ProgramStatusSpan")

    def history(name):
        spans = Span.objects.filter(program_id=made[name]).order_by("start_date")
        return [(s.status, s.start_date, s.end_date) for s in spans]

    created, updated = datetime.date(2026, 8, 31), datetime.date(2026, 10, 10)  # in Auckland
    assert history("draft") == [("draft", created, None)]
    assert history("paused twice") == [
        ("active", created, START + 9 * DAY),
        ("paused", START + 10 * DAY, START + 12 * DAY),
        ("active", START + 13 * DAY, START + 19 * DAY),
        ("paused", START + 20 * DAY, None),
    ]
    assert history("completed on time") == [
        ("active", created, START + 29 * DAY),
        ("completed", START + 30 * DAY, None),
    ]
    assert history("completed, no end") == [
        ("active", created, START + 4 * DAY),
        ("paused", START + 5 * DAY, START + 6 * DAY),
        ("active", START + 7 * DAY, updated - DAY),
        ("completed", updated, None),
    ]
    assert Program.objects.get(pk=made["completed, no end"]).end_date == updated - DAY
