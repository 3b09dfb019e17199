"""A patient's condition, one rule in four places (programs/patient_conditions.py): the
profile's condition, else the current program's. The patient list, the caseload, its CSV and
its condition filter agree, and reading it adds no query per patient."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from programs.models import ProgramStatus
from programs.patient_conditions import condition_of, current_program_for, shown_condition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def heel(db):
    return factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")


@pytest.fixture
def knee(db):
    return factories.ConditionFactory(slug="knee-oa", name="Knee osteoarthritis")


@pytest.fixture
def shoulder(db):
    return factories.ConditionFactory(slug="shoulder", name="Shoulder pain")


def patient(clinic, clinician, name, *, profile=None):
    person = factories.PatientFactory(clinic=clinic, full_name=name, care_team=[clinician])
    if profile is not None:
        person.patient_profile.condition = profile
        person.patient_profile.save()
    return person


def program(clinician, person, condition, status=ProgramStatus.ACTIVE, **fields):
    return factories.ProgramFactory(
        prescriber=clinician, patient=person, condition=condition, status=status, **fields
    )


@pytest.fixture
def world(northside, alice, heel, knee, shoulder):
    """Who has which condition, and why (the expected column)."""
    patient(northside, alice, "Pia Only-Profile", profile=heel)
    quinn = patient(northside, alice, "Quinn Only-Program")
    program(alice, quinn, knee)
    rae = patient(northside, alice, "Rae Both", profile=heel)
    program(alice, rae, knee)  # the profile wins
    sam = patient(northside, alice, "Sam Current")
    program(alice, sam, shoulder, status=ProgramStatus.DRAFT)
    program(alice, sam, knee)  # the active program is the current one, not the newer draft
    patient(northside, alice, "Tess Nothing")
    return {
        "Pia Only-Profile": "Plantar fasciitis",
        "Quinn Only-Program": "Knee osteoarthritis",
        "Rae Both": "Plantar fasciitis",
        "Sam Current": "Knee osteoarthritis",
        "Tess Nothing": None,
    }


def patient_list_conditions(client):
    page = client.get("/patients/").context["page"]
    return {person.full_name: person.shown_condition_name for person in page.object_list}


def caseload_conditions(client, **params):
    rows = client.get("/caseload/", params).context["page"].rows
    return {row.full_name: row.condition for row in rows}


def csv_conditions(client, **params):
    response = client.get("/caseload/export.csv", params)
    text = b"".join(response.streaming_content).decode()
    return {row["patient"]: row["condition"] or None for row in csv.DictReader(io.StringIO(text))}


def test_the_list_the_caseload_and_the_csv_show_the_same_condition(client, alice, world):
    client.force_login(alice)
    assert patient_list_conditions(client) == world
    assert caseload_conditions(client) == world
    assert csv_conditions(client) == world


def test_the_patient_list_prints_the_program_condition(client, alice, world):
    client.force_login(alice)
    html = client.get("/patients/").content.decode()
    assert html.count("Knee osteoarthritis") == 2


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("plantar-fasciitis", {"Pia Only-Profile", "Rae Both"}),
        ("knee-oa", {"Quinn Only-Program", "Sam Current"}),
        ("shoulder", set()),  # only on a draft that is not the current program
    ],
)
def test_the_condition_filter_follows_the_same_rule(client, alice, world, slug, expected):
    client.force_login(alice)
    assert set(caseload_conditions(client, condition=slug)) == expected
    assert set(csv_conditions(client, condition=slug)) == expected


def test_the_patient_page_and_the_report_say_the_same(client, alice, world):
    client.force_login(alice)
    quinn = User.objects.get(full_name="Quinn Only-Program")
    page = client.get(f"/patients/{quinn.pk}/").content.decode()
    assert "Knee osteoarthritis" in page and "(from the current program)" in page
    report = client.get(f"/patients/{quinn.pk}/report/")
    assert report.context["condition"].name == "Knee osteoarthritis"


def test_the_one_patient_helpers_agree_with_the_annotation(alice, world):
    users = User.objects.filter(full_name__in=world)
    for person in users.select_related("patient_profile__condition"):
        profile = person.patient_profile
        current = current_program_for(user=alice, patient_id=person.pk)
        expected = world[person.full_name]
        assert getattr(condition_of(profile, current), "name", None) == expected
        assert getattr(shown_condition(profile), "name", None) == expected


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("url", ["/patients/", "/caseload/", "/caseload/export.csv"])
def test_reading_the_condition_costs_no_query_per_patient(
    client, northside, alice, knee, heel, url
):
    client.force_login(alice)
    for n in range(2):
        program(alice, patient(northside, alice, f"Few {n}"), knee)
    few = count_queries(client, url)
    for n in range(12):
        person = patient(northside, alice, f"Many {n}", profile=heel if n % 2 else None)
        program(alice, person, knee)
    assert count_queries(client, url) == few
