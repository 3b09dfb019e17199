"""A patient's health record as a FHIR R4 Bundle (programs.fhir.record): every resource is
valid R4 (checked with fhir.resources' R4B models, which R4 content fits), every reference
resolves inside the Bundle, and each Stride record maps as the issue says."""

import dataclasses
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from programs.fhir.record import collection_bundle, load_record, searchset_bundle
from programs.models import OutcomeResponse, Prescription, ProgramStatus, SessionLog
from programs.outcomes import instruments
from tests import factories
from tests.programs.fhir_support import assert_valid_r4, resources_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PAIN_LOINC = "72514-3"


def bundle_of(patient, **options):
    return collection_bundle(load_record(patient), **options)


@pytest.fixture
def heel(db):
    return factories.ConditionFactory(
        slug="plantar-fasciitis", name="Plantar fasciitis", symptom_label="first-step pain"
    )


def test_every_resource_of_a_demo_patients_bundle_is_valid_r4(heel):
    for _ in range(4):
        factories.ExerciseFactory().conditions.add(heel)
    call_command("seed_demo", stdout=io.StringIO())
    bob = User.objects.get(email="bob@patients.example")

    bundle = bundle_of(bob)

    assert bundle["type"] == "collection"
    entries = assert_valid_r4(bundle)
    kinds = {key.split("/")[0] for key in entries}
    assert kinds == {"Patient", "Condition", "CarePlan", "Observation"}
    # Six weeks of logs, most with both scores.
    assert len(resources_of(bundle, "Observation")) > 42


def test_the_searchset_bundle_is_valid_r4_too(heel, alice, bob):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel)
    factories.PrescriptionFactory(program=program)
    factories.SessionLogFactory(program=program)

    bundle = searchset_bundle(load_record(bob), self_url="http://testserver/fhir/x")

    assert bundle["type"] == "searchset"
    assert bundle["total"] == len(bundle["entry"]) == 5
    assert {entry["search"]["mode"] for entry in bundle["entry"]} == {"match"}
    assert_valid_r4(bundle)


def test_the_patient_resource_names_the_patient(bob):
    bob.patient_profile.date_of_birth = datetime.date(1961, 4, 9)
    bob.patient_profile.save()

    (patient,) = resources_of(bundle_of(bob), "Patient")

    assert patient["id"] == str(bob.pk)
    assert patient["name"] == [{"text": "Bob Hughes"}]
    assert patient["birthDate"] == "1961-04-09"
    assert patient["telecom"] == [{"system": "email", "value": "bob@patients.test"}]
    assert patient["managingOrganization"] == {"display": "Northside"}


def test_plantar_fasciitis_is_coded_in_snomed_and_other_conditions_by_name(heel, alice, bob):
    shoulder = factories.ConditionFactory(slug="rotator-cuff-shoulder-pain", name="Shoulder pain")
    bob.patient_profile.condition = heel
    bob.patient_profile.save()
    factories.ProgramFactory(
        prescriber=alice, patient=bob, condition=shoulder, status=ProgramStatus.COMPLETED
    )

    bundle = bundle_of(bob)

    conditions = {c["code"]["text"]: c for c in resources_of(bundle, "Condition")}
    assert conditions["Plantar fasciitis"]["code"]["coding"] == [
        {"system": "http://snomed.info/sct", "code": "202882003", "display": "Plantar fasciitis"}
    ]
    assert conditions["Plantar fasciitis"]["clinicalStatus"]["coding"][0]["code"] == "active"
    assert "coding" not in conditions["Shoulder pain"]["code"]
    # Its only program is completed: whether it resolved is not known, so it is not said.
    assert "clinicalStatus" not in conditions["Shoulder pain"]
    assert_valid_r4(bundle)


def test_a_program_is_a_careplan_with_an_activity_per_prescribed_exercise(heel, alice, bob, today):
    program = factories.ProgramFactory(
        prescriber=alice,
        patient=bob,
        condition=heel,
        title="Heel pain, early phase",
        start_date=today - 10 * DAY,
        pain_limit=4,
    )
    factories.PrescriptionFactory(
        program=program,
        name="Heel raise",
        sets=3,
        reps=12,
        times_per_day=2,
        weekdays=0b0010101,  # Mon, Wed, Fri
        note="Hold the wall",
    )

    bundle = bundle_of(bob)

    (careplan,) = resources_of(bundle, "CarePlan")
    (condition,) = resources_of(bundle, "Condition")
    assert careplan["id"] == str(program.pk)
    assert careplan["status"] == "active"
    assert careplan["intent"] == "plan"
    assert careplan["title"] == "Heel pain, early phase"
    assert careplan["subject"] == {"reference": f"Patient/{bob.pk}"}
    assert careplan["addresses"] == [{"reference": f"Condition/{condition['id']}"}]
    assert careplan["period"] == {"start": (today - 10 * DAY).isoformat()}
    assert "4 out of 10" in careplan["description"]
    (activity,) = careplan["activity"]
    detail = activity["detail"]
    assert detail["code"] == {"text": "Heel raise"}
    assert detail["status"] == "in-progress"
    assert detail["description"] == "3 sets of 12, twice a day, on Mon, Wed, Fri. Hold the wall"
    assert detail["scheduledTiming"]["repeat"] == {
        "boundsPeriod": {"start": (today - 10 * DAY).isoformat()},
        "frequency": 2,
        "period": 1,
        "periodUnit": "d",
        "dayOfWeek": ["mon", "wed", "fri"],
    }


def test_a_dose_change_shows_the_old_version_stopped_and_the_new_in_progress(alice, bob, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, start_date=today - 20 * DAY)
    old = factories.PrescriptionFactory(program=program, reps=10, valid_until=today - 6 * DAY)
    factories.PrescriptionFactory(
        program=program, series=old.series, reps=15, valid_from=today - 5 * DAY
    )

    (careplan,) = resources_of(bundle_of(bob), "CarePlan")

    details = [activity["detail"] for activity in careplan["activity"]]
    assert [d["status"] for d in details] == ["stopped", "in-progress"]
    assert details[0]["scheduledTiming"]["repeat"]["boundsPeriod"] == {
        "start": (today - 20 * DAY).isoformat(),
        "end": (today - 6 * DAY).isoformat(),
    }


@pytest.mark.parametrize(
    ("status", "careplan_status", "activity_status"),
    [
        (ProgramStatus.DRAFT, "draft", "not-started"),
        (ProgramStatus.PAUSED, "on-hold", "on-hold"),
        (ProgramStatus.COMPLETED, "completed", "completed"),
    ],
)
def test_a_programs_status_is_its_careplans(alice, bob, status, careplan_status, activity_status):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, status=status)
    factories.PrescriptionFactory(program=program)

    bundle = bundle_of(bob)

    (careplan,) = resources_of(bundle, "CarePlan")
    assert careplan["status"] == careplan_status
    assert careplan["activity"][0]["detail"]["status"] == activity_status
    assert_valid_r4(bundle)


def test_each_daily_pain_score_is_an_observation_of_its_own(heel, alice, bob, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel)
    log = factories.SessionLogFactory(
        program=program, date=today - 2 * DAY, morning_pain=6, exercise_pain=3
    )
    factories.SessionLogFactory(
        program=program, date=today - DAY, morning_pain=None, exercise_pain=4
    )
    factories.SessionLogFactory(program=program, date=today, morning_pain=None, exercise_pain=None)

    bundle = bundle_of(bob)

    observations = {o["id"]: o for o in resources_of(bundle, "Observation")}
    assert len(observations) == 3  # two scores, one score, and a log without any
    morning = observations[f"{log.pk}-morning"]
    assert morning["status"] == "final"
    assert morning["valueInteger"] == 6
    assert morning["effectiveDateTime"] == (today - 2 * DAY).isoformat()
    assert morning["subject"] == {"reference": f"Patient/{bob.pk}"}
    assert morning["basedOn"] == [{"reference": f"CarePlan/{program.pk}"}]
    assert morning["category"][0]["coding"][0]["code"] == "survey"
    loinc, own = morning["code"]["coding"]
    assert (loinc["system"], loinc["code"]) == ("http://loinc.org", PAIN_LOINC)
    assert own["code"] == "morning-symptom"
    # The condition's own morning question names it.
    assert morning["code"]["text"] == "First-step pain (0–10)"
    assert own["display"] == "First-step pain"
    exercise = observations[f"{log.pk}-exercise"]
    assert exercise["valueInteger"] == 3
    assert [c["code"] for c in exercise["code"]["coding"]] == [PAIN_LOINC, "exercise-pain"]


def test_a_morning_score_that_is_not_about_pain_gets_no_pain_code(alice, bob, today):
    achilles = factories.ConditionFactory(
        slug="achilles-tendinopathy", symptom_label="morning stiffness"
    )
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=achilles)
    log = factories.SessionLogFactory(program=program, morning_pain=5, exercise_pain=2)

    observations = {o["id"]: o for o in resources_of(bundle_of(bob), "Observation")}

    morning = observations[f"{log.pk}-morning"]
    assert [c["code"] for c in morning["code"]["coding"]] == ["morning-symptom"]
    assert morning["code"]["text"] == "Morning stiffness (0–10)"
    assert observations[f"{log.pk}-exercise"]["code"]["coding"][0]["code"] == PAIN_LOINC


def year_of_logs(*, alice, bob, condition, today, days=365):
    program = factories.ProgramFactory(
        prescriber=alice, patient=bob, condition=condition, start_date=today - days * DAY
    )
    for order in range(3):
        factories.PrescriptionFactory(program=program, order=order)
    SessionLog.objects.bulk_create(
        SessionLog(
            program=program,
            patient=bob,
            date=today - n * DAY,
            morning_pain=n % 11,
            exercise_pain=n % 7,
        )
        for n in range(days)
    )
    return program


def test_the_bundle_takes_the_same_queries_for_a_week_or_a_year_of_logs(heel, alice, bob, today):
    program = year_of_logs(alice=alice, bob=bob, condition=heel, today=today, days=7)
    factories.completed_outcome(
        program=program, instrument="LEFS", due_on=today, answers=ANSWERS["LEFS"]
    )
    bob = User.objects.select_related("clinic", "patient_profile__condition").get(pk=bob.pk)
    with CaptureQueriesContext(connection) as week:
        week_bundle = bundle_of(bob)
    assert len(resources_of(week_bundle, "Observation")) == 14 + 1  # and the LEFS score

    SessionLog.objects.filter(program=program).delete()
    Prescription.objects.filter(program=program).delete()
    year_of_logs(alice=alice, bob=bob, condition=heel, today=today)
    with CaptureQueriesContext(connection) as year:
        year_bundle = bundle_of(bob)

    assert len(resources_of(year_bundle, "Observation")) == 730 + 1
    # The programs, their items, the logs, the questionnaires and their answers.
    assert len(year) == len(week) == 5, [q["sql"] for q in year.captured_queries]


# Answers to every instrument: PSFS activities named and rated, one FAAM item not applicable.
ANSWERS = {
    "PSFS": {"activity_1": (7, "Walking to the shops"), "activity_2": (4, "Stairs")},
    "LEFS": {str(n): n % 5 for n in range(1, 21)},
    "FAAM_ADL": {"1": None} | {str(n): 3 for n in range(2, 22)},
    "SPADI": {str(n): n % 11 for n in range(1, 14)},
}


def link_ids(items, parent=""):
    """Every item's path of linkIds ("section-1/3"), nested groups included."""
    for item in items:
        path = f"{parent}/{item['linkId']}".lstrip("/")
        yield path
        yield from link_ids(item.get("item", []), path)


@pytest.mark.parametrize("code", list(ANSWERS))
def test_a_completed_questionnaire_is_a_response_to_its_questionnaire_and_a_score(
    heel, alice, bob, today, code
):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel)
    response = factories.completed_outcome(
        program=program, instrument=code, due_on=today, answers=ANSWERS[code]
    )

    bundle = bundle_of(bob)

    entries = assert_valid_r4(bundle)
    urls = {entry["resource"]["id"]: entry["fullUrl"] for entry in bundle["entry"]}
    (questionnaire,) = resources_of(bundle, "Questionnaire")
    (answered,) = resources_of(bundle, "QuestionnaireResponse")
    score = entries[f"Observation/{response.pk}-score"]
    assert questionnaire["title"] == instruments.get(code).title
    assert questionnaire["url"] == urls[questionnaire["id"]]
    assert answered["questionnaire"] == questionnaire["url"]
    assert answered["status"] == "completed"
    assert answered["basedOn"] == [{"reference": f"CarePlan/{program.pk}"}]
    # The response has the questionnaire's shape: each answer's path is one of its items'.
    assert set(link_ids(answered["item"])) <= set(link_ids(questionnaire["item"]))
    assert score["valueQuantity"]["value"] == float(response.score)
    assert score["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{response.pk}"}]
    assert score["code"]["text"] == f"{instruments.get(code).title} score"


def test_the_patients_own_words_and_a_not_applicable_answer_are_kept(heel, alice, bob, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel)
    for code in ("PSFS", "FAAM_ADL"):
        factories.completed_outcome(
            program=program, instrument=code, due_on=today, answers=ANSWERS[code]
        )

    responses = {
        r["questionnaire"].rsplit("/", 1)[1]: r
        for r in resources_of(bundle_of(bob), "QuestionnaireResponse")
    }

    first = responses["psfs"]["item"][0]
    assert first["linkId"] == "activity_1"
    assert first["item"] == [
        {"linkId": "activity_1.activity", "answer": [{"valueString": "Walking to the shops"}]},
        {"linkId": "activity_1.rating", "answer": [{"valueCoding": {"code": "7", "display": "7"}}]},
    ]
    standing = responses["faam-adl"]["item"][0]
    assert standing["answer"] == [
        {"valueCoding": {"code": "not-applicable", "display": "Not applicable (N/A)"}}
    ]


def test_a_questionnaire_left_halfway_is_in_progress_with_no_score(heel, alice, bob, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel)
    response = OutcomeResponse.objects.create(
        patient=bob, program=program, instrument="LEFS", occasion="baseline", due_on=today
    )
    response.answers.create(item="1", value=2)

    bundle = bundle_of(bob)

    (answered,) = resources_of(bundle, "QuestionnaireResponse")
    assert answered["status"] == "in-progress"
    assert answered["authored"] == response.started_at.isoformat()
    assert not [o for o in resources_of(bundle, "Observation") if o["id"].endswith("-score")]
    assert_valid_r4(bundle)


def test_a_score_is_coded_in_loinc_when_its_instrument_has_a_code(
    heel, alice, bob, today, monkeypatch
):
    coded = dataclasses.replace(instruments.get("LEFS"), loinc="00000-0")
    monkeypatch.setattr(instruments, "all_instruments", lambda: {"LEFS": coded})
    program = factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel)
    factories.completed_outcome(
        program=program, instrument="LEFS", due_on=today, answers=ANSWERS["LEFS"]
    )

    bundle = bundle_of(bob)

    (score,) = [o for o in resources_of(bundle, "Observation") if o["id"].endswith("-score")]
    assert score["code"]["coding"][0] == {"system": "http://loinc.org", "code": "00000-0"}
    (questionnaire,) = resources_of(bundle, "Questionnaire")
    assert questionnaire["code"] == [{"system": "http://loinc.org", "code": "00000-0"}]
    assert score["valueQuantity"]["unit"] == "points"
    assert Decimal(str(score["valueQuantity"]["value"])) == Decimal("40.0")
