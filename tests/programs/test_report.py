"""The patient report, acknowledging flags from it, and applying suggestions."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.models import Flag, FlagKind, ProgramChange
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def url(patient, suffix="report/"):
    return f"/patients/{patient.pk}/{suffix}"


@pytest.fixture
def heel_plan(alice, bob):
    return factories.ProgramFactory(
        prescriber=alice, patient=bob, start_date=local_today(bob) - 20 * DAY, title="Heel plan"
    )


@pytest.fixture
def heel_raise_rx(heel_plan):
    single = factories.ExerciseFactory(name="Single-leg heel raise", default_reps=8)
    easy = factories.ExerciseFactory(name="Seated heel raise")
    exercise = factories.ExerciseFactory(name="Heel raise", progression=single, regression=easy)
    return factories.PrescriptionFactory(program=heel_plan, exercise=exercise, order=2)


def test_it_shows_charts_logs_changes_and_flags(client, alice, bob, heel_plan, heel_raise_rx):
    today = local_today(bob)
    factories.SessionLogFactory(
        program=heel_plan, date=today - DAY, exercise_pain=8, note="Sore after the stairs"
    )
    ProgramChange.objects.create(
        program=heel_plan, effective_date=today - 5 * DAY, summary="Added towel curls"
    )
    factories.FlagFactory(
        program=heel_plan,
        raised_on=today - 3 * DAY,
        reason="Stored reason",
        acknowledged_at=datetime.datetime.now(datetime.UTC),
        acknowledged_by=alice,
        acknowledgement_note="Called Bob",
    )
    client.force_login(alice)
    response = client.get(url(bob))
    content = response.content.decode()
    assert "Bob Hughes" in content
    assert "Adherence per week" in content and "Pain per day" in content
    assert "<svg" in content and "Morning pain" in content
    assert "Sore after the stairs" in content
    assert "Added towel curls" in content
    assert "Acknowledged by Alice Moreau" in content and "Called Bob" in content
    assert "Pain during exercise up to 8/10 on 1 of the last 7 days; limit 5/10." in content
    assert "The patient did not say which exercise hurt most on " in content
    assert "Heel raise" in content  # per-exercise adherence
    report = response.context["report"]
    assert report.start == heel_plan.start_date and report.end == today
    assert AuditEvent.objects.filter(
        action=AuditAction.REPORT_VIEWED, patient=bob, category="report"
    ).exists()


def test_the_pain_chart_draws_both_lines(client, alice, bob, heel_plan):
    today = local_today(bob)
    for days_ago, morning, exercise in [(2, 6, 7), (1, 5, 4)]:
        factories.SessionLogFactory(
            program=heel_plan,
            date=today - days_ago * DAY,
            morning_pain=morning,
            exercise_pain=exercise,
        )
    client.force_login(alice)
    content = client.get(url(bob)).content.decode()
    for kind in ("morning", "exercise"):
        path = re.search(rf'<path d="([^"]*)" class="line {kind}"/>', content)
        assert path is not None and path.group(1).count("L") == 1, kind


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30", "end": "2026-03-01"}, "Enter a valid date"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "on or after the start date"),
        ({"start": "2025-01-01", "end": "2026-03-01"}, "one year or less"),
    ],
)
def test_a_bad_range_is_explained_and_the_default_shown(
    client, alice, bob, heel_plan, params, message
):
    client.force_login(alice)
    response = client.get(url(bob), params)
    content = response.content.decode()
    assert message in content
    assert params["start"] in content  # what was typed is kept
    assert response.context["report"].start == heel_plan.start_date


def test_a_chosen_range_is_used(client, alice, bob, heel_plan):
    client.force_login(alice)
    response = client.get(url(bob), {"start": "2026-01-01", "end": "2026-01-31"})
    assert response.context["report"].start == datetime.date(2026, 1, 1)


def count_queries(client, patient):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(patient)).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_days(client, alice):
    # Both long enough to raise the same flags (a flag can cost a suggestion query or two).
    short, long = (
        factories.logged_patients(clinician=alice, count=1, days=days)[0] for days in (30, 300)
    )
    client.force_login(alice)
    # 15: the current program, read once for the links to it and the patient's condition;
    # the questionnaire scores, one query for all their dates
    assert count_queries(client, short) == count_queries(client, long) <= 16  # and the seal


def test_it_acknowledges_a_stored_flag(client, alice, bob, heel_plan):
    flag = factories.FlagFactory(program=heel_plan)
    client.force_login(alice)
    response = client.post(f"/flags/{flag.pk}/acknowledge/", {"note": "Called, resting"})
    assert response.status_code == 302 and response.url == url(bob)
    flag.refresh_from_db()
    assert flag.acknowledged_by == alice and flag.acknowledgement_note == "Called, resting"
    assert AuditEvent.objects.filter(
        action=AuditAction.FLAG_ACKNOWLEDGED, category="report"
    ).exists()
    page = client.get(url(bob)).content.decode()
    assert "Pain above limit” acknowledged." in page


def test_an_open_flag_from_before_the_range_still_needs_a_decision(client, alice, bob, heel_plan):
    today = local_today(bob)
    old = factories.FlagFactory(program=heel_plan, raised_on=today - 60 * DAY)
    client.force_login(alice)
    response = client.get(url(bob), {"start": today - 14 * DAY, "end": today})
    decisions = response.context["report"].to_decide
    assert [flag.flag_id for flag in decisions] == [old.pk]
    page = response.content.decode()
    assert "Needs a decision" in page and f"/flags/{old.pk}/acknowledge/" in page

    client.post(f"/flags/{old.pk}/acknowledge/", {"note": "Called, settled"})
    response = client.get(url(bob), {"start": today - 14 * DAY, "end": today})
    assert response.context["report"].to_decide == []
    assert "Needs a decision" not in response.content.decode()


def test_acknowledging_needs_a_note_and_the_right_user(client, alice, carlos, bob, heel_plan):
    flag = factories.FlagFactory(program=heel_plan)
    client.force_login(alice)
    client.post(f"/flags/{flag.pk}/acknowledge/", {"note": ""})
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
    assert client.get(f"/flags/{flag.pk}/acknowledge/").status_code == 405
    client.force_login(carlos)
    assert client.post(f"/flags/{flag.pk}/acknowledge/", {"note": "x"}).status_code == 404
    client.force_login(bob)
    assert client.post(f"/flags/{flag.pk}/acknowledge/", {"note": "x"}).status_code == 403


def test_it_acknowledges_a_computed_flag(client, alice, bob, heel_plan):
    today = local_today(bob)
    factories.PrescriptionFactory(program=heel_plan)
    factories.SessionLogFactory(program=heel_plan, date=today - 5 * DAY)
    client.force_login(alice)
    ack = url(bob, "flags/acknowledge/")
    since = (today - 4 * DAY).isoformat()
    response = client.post(ack, {"kind": "missed", "raised_on": since, "note": "Left a message"})
    assert response.status_code == 302
    flag = Flag.objects.get(kind=FlagKind.MISSED)
    assert flag.raised_on.isoformat() == since
    day = today - 4 * DAY
    assert (
        flag.reason
        == f"No log on the last 4 scheduled days (since {day:%a} {day.day} {day:%b %Y})."
    )
    assert flag.acknowledgement_note == "Left a message"
    # No longer live, so a second try is refused kindly.
    client.post(ack, {"kind": "missed", "raised_on": since, "note": "again"})
    assert Flag.objects.count() == 1
    response = client.post(ack, {"kind": "purple", "raised_on": "x", "note": ""}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    client.force_login(factories.ClinicianFactory(clinic=bob.clinic))
    assert client.post(ack, {"kind": "missed", "raised_on": since, "note": "x"}).status_code == 404


def test_a_red_flag_symptom_comes_first_in_needs_a_decision(client, alice, bob, heel_plan):
    today = local_today(bob)
    factories.FlagFactory(
        program=heel_plan,
        kind=FlagKind.RED_FLAG,
        raised_on=today - datetime.timedelta(days=2),
        reason="Answered yes in the weekly check-in: numbness in the foot.",
    )
    factories.FlagFactory(program=heel_plan, kind=FlagKind.RED_PAIN, raised_on=today)
    client.force_login(alice)

    page = client.get(url(bob)).content.decode()

    decide = page[page.index("Needs a decision") :]
    assert decide.index("numbness in the foot") < decide.index("Pain above limit")


def test_editing_the_program_from_the_report_comes_back_to_it(client, alice, bob, heel_plan):
    client.force_login(alice)
    report_url = url(bob)

    page = client.get(report_url).content.decode()

    edit = f"/programs/{heel_plan.pk}/edit/?next={report_url}"
    assert f'href="{edit}"' in page
    builder = client.get(edit).content.decode()
    assert f'href="{report_url}"' in builder  # Cancel goes back to the report
