"""The clinician's side of the questionnaires: the change since the first score in words on
the report, a verdict per patient on the caseload (improved / not yet / worse) without a
query per row, the CSV exports, and the interval chosen in the builder."""

import datetime
from decimal import Decimal

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import Occasion, Program
from programs.outcomes import instruments
from programs.outcomes.progress import InstrumentProgress, Score
from tests import factories
from tests.programs.builder_data import program_data
from tests.programs.test_caseload import count_queries
from tests.programs.test_exports import read_csv

pytestmark = pytest.mark.django_db

NOV_3 = datetime.date(2026, 11, 3)
DEC_1 = datetime.date(2026, 12, 1)


def lefs(total: int) -> dict:
    """LEFS answers adding up to `total` (0–80)."""
    return {str(n): min(4, max(0, total - 4 * (n - 1))) for n in range(1, 21)}


def heel_program(patient, clinician, **fields):
    heel = factories.ConditionFactory(slug="heel", body_region="foot_ankle")
    return factories.ProgramFactory(
        patient=patient, prescriber=clinician, condition=heel, start_date=NOV_3, **fields
    )


def scored(program, instrument, due_on, answers, occasion=Occasion.FOLLOW_UP):
    return factories.completed_outcome(
        program=program, instrument=instrument, due_on=due_on, answers=answers, occasion=occasion
    )


def test_lefs_arithmetic_of_the_helper():
    assert sum(lefs(40).values()) == 40 and sum(lefs(52).values()) == 52


def test_the_report_says_the_change_since_the_first_score_in_words(client, alice, bob):
    program = heel_program(bob, alice)
    scored(program, "LEFS", NOV_3, lefs(40), Occasion.BASELINE)
    scored(program, "LEFS", DEC_1, lefs(52))
    scored(program, "PSFS", NOV_3, {"activity_1": (3, "Walking the dog")}, Occasion.BASELINE)
    scored(program, "PSFS", DEC_1, {"activity_1": (4, "Walking the dog")})
    client.force_login(alice)
    page = client.get(f"/patients/{bob.pk}/report/").content.decode()
    assert "LEFS +12 since 3 Nov 2026: above the 9-point meaningful change" in page
    assert "PSFS +1 since 3 Nov 2026: below the 2-point meaningful change, not yet a real" in page
    # The chart: its meaningful-change band and a point per score, with the dates.
    assert page.count('class="band"') == 2
    assert "Shaded: within the 9-point meaningful change of the first score." in page
    assert "52 on 1 Dec 2026" in page


def test_a_first_score_alone_says_the_change_comes_next(client, alice, bob):
    scored(heel_program(bob, alice), "LEFS", NOV_3, lefs(40), Occasion.BASELINE)
    client.force_login(alice)
    page = client.get(f"/patients/{bob.pk}/report/").content.decode()
    assert "LEFS 40 on 3 Nov 2026: a first score; the change shows from the next one" in page


def test_the_report_reads_the_scores_in_one_query_whatever_their_number(client, alice, bob):
    program = heel_program(bob, alice)
    client.force_login(alice)
    url = f"/patients/{bob.pk}/report/"
    none = count_queries(client, url)
    scored(program, "LEFS", NOV_3, lefs(40), Occasion.BASELINE)
    one = count_queries(client, url)
    for weeks in range(2, 20, 2):
        scored(program, "LEFS", NOV_3 + datetime.timedelta(weeks=weeks), lefs(40 + weeks))
        scored(program, "PSFS", NOV_3 + datetime.timedelta(weeks=weeks), {"activity_1": 5})
    assert none == one == count_queries(client, url)


def test_a_lower_is_better_score_that_falls_is_an_improvement(client, alice, bob):
    shoulder = factories.ConditionFactory(slug="shoulder", body_region="shoulder")
    program = factories.ProgramFactory(
        patient=bob, prescriber=alice, condition=shoulder, start_date=NOV_3
    )
    scored(program, "SPADI", NOV_3, {str(n): 6 for n in range(1, 14)}, Occasion.BASELINE)
    scored(program, "SPADI", DEC_1, {str(n): 4 for n in range(1, 14)})
    client.force_login(alice)
    page = client.get(f"/patients/{bob.pk}/report/").content.decode()
    assert "SPADI −20 (lower is better) since 3 Nov 2026: above the 13-point meaningful" in page


@pytest.fixture
def three_patients(alice):
    """Ivy improved (LEFS +12), Jon not yet (+4), Kim worse (FAAM −25; LEFS +12)."""
    people = {}
    for name, lefs_change, faam_change in (("Ivy", 12, 0), ("Jon", 4, 0), ("Kim", 12, -25)):
        patient = factories.PatientFactory(
            clinic=alice.clinic, full_name=f"{name} Test", care_team=[alice]
        )
        program = heel_program(patient, alice)
        scored(program, "LEFS", NOV_3, lefs(40), Occasion.BASELINE)
        scored(program, "LEFS", DEC_1, lefs(40 + lefs_change))
        if faam_change:
            scored(program, "FAAM_ADL", NOV_3, {str(n): 3 for n in range(1, 22)})
            scored(program, "FAAM_ADL", DEC_1, {str(n): 2 for n in range(1, 22)})  # 75% → 50%
        people[name] = patient
    return people


def test_the_caseload_shows_each_patients_verdict(client, alice, three_patients):
    client.force_login(alice)
    page = client.get("/caseload/").content.decode()
    verdicts = {
        name: page.split(f"{name} Test</a>")[1].split('data-label="Last log"')[0]
        for name in three_patients
    }
    assert "Improved</span>" in verdicts["Ivy"] and "LEFS +12" in verdicts["Ivy"]
    assert "Not yet</span>" in verdicts["Jon"] and "LEFS +4" in verdicts["Jon"]
    # The most pressing verdict wins: Kim's daily-living score fell.
    assert "Worse</span>" in verdicts["Kim"] and "FAAM ADL" in verdicts["Kim"]


def test_the_caseload_verdicts_cost_one_query_whatever_the_patients(client, alice, bob):
    client.force_login(alice)
    heel_program(bob, alice)
    before = count_queries(client, "/caseload/")
    for n in range(6):
        patient = factories.PatientFactory(clinic=alice.clinic, care_team=[alice])
        program = heel_program(patient, alice)
        scored(program, "LEFS", NOV_3, lefs(30), Occasion.BASELINE)
        scored(program, "LEFS", DEC_1, lefs(30 + n * 4))
    assert count_queries(client, "/caseload/") == before


def test_the_caseload_csv_has_the_verdict_and_its_words(client, alice, three_patients):
    client.force_login(alice)
    rows = {row["patient"]: row for row in read_csv(client.get("/caseload/export.csv"))}
    assert rows["Ivy Test"]["function_questionnaires"] == "Improved"
    assert rows["Ivy Test"]["function_change"] == (
        "LEFS +12 since 3 Nov 2026: above the 9-point meaningful change"
    )
    assert rows["Kim Test"]["function_questionnaires"] == "Worse"


def test_the_patients_questionnaire_csv_lists_every_score_with_its_change(client, alice, bob):
    program = heel_program(bob, alice)
    scored(program, "LEFS", NOV_3, lefs(40), Occasion.BASELINE)
    scored(program, "LEFS", DEC_1, lefs(52))
    client.force_login(alice)
    rows = read_csv(client.get(f"/patients/{bob.pk}/questionnaires.csv"))
    assert [
        (r["instrument"], r["occasion"], r["due_on"], r["score"], r["change_since_first"])
        for r in rows
    ] == [
        ("LEFS", "baseline", "2026-11-03", "40", ""),
        ("LEFS", "follow_up", "2026-12-01", "52", "12"),
    ]
    assert rows[1]["verdict"] == "improved" and rows[1]["meaningful_change"] == "9"
    assert AuditEvent.objects.filter(action=AuditAction.OUTCOMES_EXPORTED, patient=bob).exists()


def new_program(heel_raise, **fields) -> dict:
    return program_data(rows=[{"exercise": heel_raise.pk}], start_date="2026-12-01", **fields)


def test_the_builder_keeps_the_interval_the_clinician_chooses(client, alice, bob, heel_raise):
    client.force_login(alice)
    url = f"/patients/{bob.pk}/programs/new/"
    page = client.get(url).content.decode()
    assert "Outcome questionnaires every" in page
    assert '<option value="4" selected>4 weeks</option>' in page
    refused = client.post(url, new_program(heel_raise, outcome_interval_weeks=3))
    assert "Select a valid choice" in refused.content.decode()
    assert not Program.objects.exists()
    client.post(url, new_program(heel_raise, outcome_interval_weeks=2))
    assert Program.objects.get().outcome_interval_weeks == 2


def test_a_post_without_the_interval_keeps_four_weeks(client, alice, bob, heel_raise):
    client.force_login(alice)
    client.post(f"/patients/{bob.pk}/programs/new/", new_program(heel_raise))
    assert Program.objects.get().outcome_interval_weeks == 4


@pytest.mark.parametrize(
    ("first", "latest", "words"),
    [
        (40, 49, "LEFS +9 since 3 Nov 2026: at the 9-point meaningful change"),
        (40, 45, "LEFS +5 since 3 Nov 2026: below the 9-point meaningful change, not yet a real"),
        (40, 30, "LEFS −10 since 3 Nov 2026: worse by more than the 9-point meaningful change"),
        (40, 40, "LEFS ±0 since 3 Nov 2026: below the 9-point meaningful change"),
    ],
)
def test_the_change_in_words_against_the_meaningful_change(first, latest, words):
    progress = InstrumentProgress(
        instruments.get("LEFS"), [Score(NOV_3, Decimal(first)), Score(DEC_1, Decimal(latest))]
    )
    assert progress.summary.startswith(words)
