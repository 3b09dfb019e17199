"""The caseload dashboard: who sees whom, what each row says, the order, filters, pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.models import ExerciseCompletion, FlagKind, ProgramStatus
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/caseload/"
DAY = datetime.timedelta(days=1)


def names(response):
    return [row.full_name for row in response.context["page"].rows]


def test_a_clinician_sees_only_their_care_team(client, alice, bob, dana, otto):
    client.force_login(alice)
    response = client.get(URL)
    assert names(response) == ["Bob Hughes"]
    assert AuditEvent.objects.filter(user=alice, action=AuditAction.CASELOAD_VIEWED).exists()


def test_a_clinic_admin_sees_the_clinic_and_filters_by_clinician(
    client, nora, alice, carlos, bob, dana, otto
):
    client.force_login(nora)
    assert names(client.get(URL)) == ["Bob Hughes", "Dana Whitfield"]
    assert names(client.get(URL, {"clinician": carlos.pk})) == ["Dana Whitfield"]


def test_a_clinician_has_no_clinician_filter(client, alice, carlos, bob):
    client.force_login(alice)
    response = client.get(URL, {"clinician": carlos.pk})
    assert names(response) == ["Bob Hughes"]
    assert "clinician" not in response.context["form"].fields


def test_each_row_shows_the_figures_and_flags(client, alice, bob):
    today = local_today(bob)
    program = factories.ProgramFactory(
        prescriber=alice, patient=bob, start_date=today - 13 * DAY, title="Heel plan"
    )
    factories.PrescriptionFactory(program=program)
    for n, (morning, exercise) in enumerate([(5, 7), (5, 2), (5, 2)]):
        factories.SessionLogFactory(
            program=program,
            date=today - (n + 1) * DAY,
            morning_pain=morning,
            exercise_pain=exercise,
        )
    for n in range(3):
        factories.SessionLogFactory(
            program=program, date=today - (8 + n) * DAY, morning_pain=2, exercise_pain=1
        )
    client.force_login(alice)
    response = client.get(URL)
    row = response.context["page"].rows[0]
    assert (row.due_7, row.done_7, row.due_28, row.done_28) == (7, 0, 14, 0)
    assert row.morning_mean == 5 and row.morning_change == 3
    assert row.worst_7 == 7
    assert row.days_since_log == 1
    assert row.program_title == "Heel plan"
    content = response.content.decode()
    assert "Pain during exercise up to 7/10 on 1 of the last 7 days; limit 5/10." in content
    assert (
        "Morning pain averaged 5.0/10 over the last 7 days (3 mornings), up 3.0 from 2.0 "
        "the week before." in content
    )
    # 2 → 5 the morning after a session is also a flare, amber like the rise
    assert "Morning pain 5/10 the morning after a session (usually about 3.0/10" in content
    assert "5.0/10" in content and "up 3.0" in content
    assert "Yesterday" in content and "Heel plan" in content


def test_it_sorts_by_need(client, alice):
    today = datetime.date.today()
    well, low, missed, red, acknowledged = (
        factories.ProgramFactory(
            prescriber=alice, patient__full_name=name, start_date=today - 20 * DAY
        )
        for name in ["Ann Well", "Ben Low", "Cal Missed", "Dee Red", "Eve Acknowledged"]
    )
    rx = {
        program: factories.PrescriptionFactory(program=program)
        for program in (well, low, missed, red, acknowledged)
    }

    def done(program, day, times=1):
        log = factories.SessionLogFactory(program=program, date=day, exercise_pain=1)
        ExerciseCompletion.objects.create(log=log, prescription=rx[program], times_done=times)

    for n in range(0, 4):
        done(well, today - n * DAY)  # 4 of 7 this week
    done(low, today - DAY, times=0)  # 0 of 7
    done(missed, today - 10 * DAY)
    done(red, today)
    factories.FlagFactory(program=red, raised_on=today - 20 * DAY)  # open, however old
    done(acknowledged, today)  # 1 of 7, and an acknowledged flag
    factories.FlagFactory(
        program=acknowledged,
        raised_on=today - DAY,
        acknowledged_at=datetime.datetime.now(datetime.UTC),
        acknowledged_by=alice,
    )
    client.force_login(alice)
    response = client.get(URL)
    assert names(response) == ["Dee Red", "Cal Missed", "Ben Low", "Eve Acknowledged", "Ann Well"]
    assert "acknowledged" in response.content.decode()


def test_it_filters_by_flag_condition_status_and_name(client, alice):
    heel = factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")
    red = factories.ProgramFactory(prescriber=alice, patient__full_name="Dee Red")
    red.patient.patient_profile.condition = heel
    red.patient.patient_profile.save()
    factories.SessionLogFactory(program=red, exercise_pain=9)
    paused = factories.ProgramFactory(
        prescriber=alice, patient__full_name="Pat Paused", status=ProgramStatus.PAUSED
    )
    lonely = factories.PatientFactory(clinic=alice.clinic, full_name="Nell None", care_team=[alice])
    client.force_login(alice)
    assert names(client.get(URL, {"flag": FlagKind.RED_PAIN})) == ["Dee Red"]
    assert names(client.get(URL, {"condition": "plantar-fasciitis"})) == ["Dee Red"]
    assert names(client.get(URL, {"status": "paused"})) == [paused.patient.full_name]
    assert names(client.get(URL, {"status": "none"})) == [lonely.full_name]
    assert names(client.get(URL, {"q": "pat"})) == ["Pat Paused"]


def test_bad_filters_are_explained_not_a_crash(client, alice, bob):
    client.force_login(alice)
    response = client.get(URL, {"flag": "purple", "condition": "nope", "page": "x"})
    assert response.status_code == 200
    assert names(response) == ["Bob Hughes"]
    assert "Select a valid choice" in response.content.decode()


def test_it_pages_by_25_in_sql(client, alice):
    factories.logged_patients(clinician=alice, count=27, days=1)
    client.force_login(alice)
    first = client.get(URL)
    assert len(first.context["page"].rows) == 25
    assert "27 patients" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].rows) == 2
    assert not set(names(first)) & set(names(second))
    assert "There are no patients on this page" in client.get(URL, {"page": 9}).content.decode()


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        assert response.status_code == 200
        b"".join(getattr(response, "streaming_content", [response.content]))
    return len(queries)


@pytest.mark.parametrize("user", ["alice", "nora"])
def test_the_query_count_does_not_grow_with_patients_or_days(client, user, request, alice):
    viewer = request.getfixturevalue(user)
    client.force_login(viewer)
    factories.logged_patients(clinician=alice, count=5, days=10)
    small = count_queries(client, URL)
    factories.logged_patients(clinician=alice, count=45, days=300)
    assert count_queries(client, URL) == small
    assert count_queries(client, URL, flag="missed", q="a", page=2) == small
    # The page's questionnaire verdicts are one of them, whatever the number of rows.
    assert small <= 10  # with the audit row's seal
