"""Flow 3: high pain during the exercises reaches the patient as advice and the clinician as
a flag; the patient taps the exercise that hurt most; the clinician reads the report, swaps
that exercise for its easier one after seeing the change, and acknowledges the flag."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import Flag, FlagKind, Prescription
from tests.browser.conftest import assert_page_works, choose, prescribe, sign_in
from tests.factories import PASSWORD, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)

WALL_STRETCH = "Calf stretch at the wall (straight knee)"  # its regression: the towel stretch
TOWEL_STRETCH = "Seated calf stretch with a towel"


@pytest.fixture
def caseload(catalogue, alice, bob):
    """Bob and Amy, both Alice's, both on a program from today; nobody has logged yet."""
    amy = PatientFactory(
        clinic=alice.clinic, email="amy@patients.test", full_name="Amy Adams", care_team=[alice]
    )
    prescribe(clinician=alice, patient=amy, slugs=["plantar-fascia-stretch"])
    prescribe(clinician=alice, patient=bob, slugs=["calf-wall-stretch", "plantar-fascia-stretch"])


def test_high_pain_is_advised_flagged_and_acted_on(phone, desktop, caseload, alice, bob):
    sign_in(phone, bob.email, PASSWORD)
    choose(phone, "Morning pain", "2")
    choose(phone, "Worst pain during the exercises", "8")
    phone.get_by_role("button", name="Save today's log").click()
    advice = phone.get_by_role("status").filter(has_text="above your limit of 5/10")
    expect(advice).to_contain_text("Your pain during the exercises was 8/10")
    assert_page_works(phone, "patient-log-saved-with-advice")
    question = phone.get_by_role("form", name="Which exercise hurt most?")
    question.get_by_role("button", name=WALL_STRETCH).click()
    expect(
        phone.get_by_text(f"Your clinician will see that “{WALL_STRETCH}” hurt most.")
    ).to_be_visible()
    assert_page_works(phone)

    sign_in(desktop, alice.email, PASSWORD)
    rows = desktop.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Bob Hughes")
    expect(rows.nth(1)).to_contain_text(
        re.compile(r"Pain above limit\s+Pain during exercise 8/10 on .*; limit 5/10")
    )
    expect(rows.nth(2)).to_contain_text("Amy Adams")
    assert_page_works(desktop, "clinician-caseload")

    rows.nth(1).get_by_role("link", name="Bob Hughes").click()
    expect(desktop.get_by_role("heading", name="Bob Hughes")).to_be_visible()
    charts = desktop.locator("figure.chart svg[role=img]")
    expect(charts).to_have_count(2)
    expect(charts.first).to_be_visible()
    expect(charts.last).to_be_visible()
    assert_page_works(desktop, "clinician-report")

    desktop.get_by_role("link", name=f"Easier exercise: {TOWEL_STRETCH}").click()
    expect(
        desktop.get_by_text(re.compile(f"^{re.escape(TOWEL_STRETCH)}: .*every day"))
    ).to_be_visible()
    assert_page_works(desktop)
    desktop.get_by_role("button", name="Apply this change").click()
    expect(desktop.get_by_text(f"{WALL_STRETCH} is now {TOWEL_STRETCH}: ")).to_be_visible()
    changes = desktop.get_by_role("heading", name="Program changes").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(changes).to_contain_text(
        re.compile(f"{re.escape(WALL_STRETCH)}.*{re.escape(TOWEL_STRETCH)}")
    )
    assert_page_works(desktop)

    decision = desktop.get_by_role("region", name="Needs a decision")
    decision.get_by_label("Acknowledgement note").fill("Called Bob: easier stretch for a week.")
    decision.get_by_role("button", name="Acknowledge").click()
    flags = desktop.get_by_role("heading", name="Flags").locator("xpath=following-sibling::ul[1]")
    expect(flags).to_contain_text("Acknowledged by Alice Moreau")
    expect(decision.get_by_label("Acknowledgement note")).to_have_count(0)
    assert_page_works(desktop)

    flag = Flag.objects.get(patient=bob)
    assert flag.kind == FlagKind.RED_PAIN
    assert flag.acknowledged_by == alice
    assert flag.acknowledgement_note == "Called Bob: easier stretch for a week."
    current = Prescription.objects.filter(program__patient=bob, valid_until__isnull=True)
    assert TOWEL_STRETCH in set(current.values_list("name", flat=True))
