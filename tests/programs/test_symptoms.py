"""Each condition asks its own daily symptom question and sets a new program's pain limit
(issue 14, findings 9 and 10): the log form, the advice, the flags, the charts and the logs
export name the condition's symptom, not "first-step pain" for everyone."""

import csv
import datetime
import io

import pytest

from accounts.dates import local_today
from exercises.models import BodyRegion
from programs import rules
from programs.logs.daily_log import save_daily_log
from programs.models import Flag, FlagKind
from programs.prescribing import services
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
DAY = datetime.timedelta(days=1)
NIGHT_QUESTION = "How bad was your shoulder pain in bed last night?"


@pytest.fixture
def shoulder(db):
    return factories.ConditionFactory(
        slug="rotator-cuff-shoulder-pain",
        name="Rotator cuff related shoulder pain",
        body_region=BodyRegion.SHOULDER,
        symptom_question=NIGHT_QUESTION,
        symptom_label="pain at night",
        default_pain_limit=4,
    )


@pytest.fixture
def shoulder_program(alice, bob, shoulder):
    bob.patient_profile.condition = shoulder
    bob.patient_profile.save()
    program = factories.ProgramFactory(
        patient=bob, prescriber=alice, condition=shoulder, start_date=days_ago(90)
    )
    factories.PrescriptionFactory(program=program, name="Pendulum")
    return program


def test_the_log_form_asks_a_shoulder_patient_about_pain_at_night(
    client, bob, shoulder_program, frozen
):
    """Finding 9: "First-step pain this morning" was asked of every patient."""
    client.force_login(bob)
    html = client.get("/today/").content.decode()
    assert '<legend class="form-label fs-6 fw-semibold mb-1">Pain at night</legend>' in html
    assert NIGHT_QUESTION in html
    assert "first steps" not in html.lower() and "first-step" not in html.lower()
    assert f"Your limit is {shoulder_program.pain_limit} out of 10." in html


def test_a_program_without_a_condition_asks_the_default_question(client, bob, alice, frozen):
    factories.PrescriptionFactory(
        program=factories.ProgramFactory(patient=bob, prescriber=alice, start_date=days_ago(3))
    )
    client.force_login(bob)
    html = client.get("/today/").content.decode()
    assert rules.DEFAULT_SYMPTOM_QUESTION in html


def test_the_advice_and_the_flag_name_the_conditions_symptom(bob, shoulder_program, frozen):
    for ago in (3, 2, 1):
        log_day(shoulder_program, days_ago(ago), morning=2, exercise=None)
    saved = save_daily_log(
        patient=bob,
        program=shoulder_program,
        day=TODAY,
        data={"morning_pain": 6, "exercise_pain": None, "difficulty": "", "note": ""},
        completions={},
        today=TODAY,
    )
    assert saved.advice[0].text.startswith(
        "You scored your pain at night 6/10 today, well above your usual of about 2/10."
    )
    flag = Flag.objects.get(kind=FlagKind.FLARE)
    assert flag.reason.startswith("Pain at night 6/10 the morning after a session")


def rising_nights(program, today):
    """Two points up on the week before, logged without the save-time checks: the caseload
    computes the flag live."""
    for n in range(3):
        factories.SessionLogFactory(program=program, date=today - (n + 1) * DAY, morning_pain=5)
        factories.SessionLogFactory(program=program, date=today - (n + 8) * DAY, morning_pain=2)


def test_the_caseload_explains_a_live_flag_with_the_patients_symptom(
    client, alice, bob, shoulder_program, django_assert_max_num_queries
):
    rising_nights(shoulder_program, local_today(bob))
    client.force_login(alice)
    # session, user; the care team's ids; the caseload statement; the condition filter's
    # choices; the audit row: the symptom comes with the rows, not a query per row.
    with django_assert_max_num_queries(9):  # with the audit row's seal
        content = client.get("/caseload/").content.decode()
    assert "Pain at night averaged 5.0/10 over the last 7 days (3 mornings), up 3.0" in content


def test_the_report_and_the_logs_export_name_it(client, alice, bob, shoulder_program):
    rising_nights(shoulder_program, local_today(bob))
    client.force_login(alice)
    report = client.get(f"/patients/{bob.pk}/report/").content.decode()
    assert "</svg> Pain at night</li>" in report  # the chart's legend
    assert '<th scope="col" class="text-end">Pain at night</th>' in report
    assert "Pain at night averaged 5.0/10" in report  # the live flag's reason

    response = client.get(f"/patients/{bob.pk}/logs.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[2] == "pain_at_night_0_10"


def test_the_patients_own_chart_names_it(client, bob, shoulder_program, frozen):
    log_day(shoulder_program, days_ago(1), morning=3)
    client.force_login(bob)
    html = client.get("/today/history/").content.decode()
    assert "</svg> Pain at night</li>" in html and ": pain at night 3/10</title>" in html


def test_a_new_program_starts_at_its_conditions_pain_limit(client, alice, bob, shoulder):
    bob.patient_profile.condition = shoulder
    bob.patient_profile.save()
    client.force_login(alice)
    form = client.get(f"/patients/{bob.pk}/programs/new/").context["form"]
    assert form["pain_limit"].value() == 4

    data = {"title": "Shoulder", "condition": shoulder, "start_date": local_today(bob)}
    data |= {"end_date": None, "status": "active", "pain_limit": None}
    program = services.create_program(clinician=alice, patient=bob, data=data, items=[])
    assert program.pain_limit == 4
    data |= {"condition": None}
    other = services.create_program(clinician=alice, patient=bob, data=data, items=[])
    assert other.pain_limit == rules.DEFAULT_PAIN_LIMIT
