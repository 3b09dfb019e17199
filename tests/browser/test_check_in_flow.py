"""The weekly red-flag check-in, from the patient's phone to the top of the caseload: Today
prompts for it, a missing answer is pointed out at the top, a "yes" leads to the doctor
advice with the clinic's contact, and the clinician finds the patient first, before a
patient with pain above the limit, with the symptom in the flag's reason."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.dates import local_today
from programs.models import Flag, FlagKind
from tests import factories
from tests.browser.conftest import assert_page_works, choose, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NUMBNESS = "Numbness, tingling or burning in the foot or toes"
FALL = "Heel pain that started with a fall, a jump or a sudden snap"
NIGHT = "Pain at night that wakes you and does not ease with rest"


@pytest.fixture
def caseload(alice, bob):
    """Bob, on a heel-pain program with three red flags to ask about; Cleo, whose pain during
    exercise went above her limit yesterday."""
    northside = alice.clinic
    northside.name = "Northside Physio"
    northside.phone = "020 7946 0123"
    northside.contact_email = "hello@northside.example"
    northside.save()
    heel_pain = factories.ConditionFactory(
        name="Plantar heel pain", red_flags=[NUMBNESS, FALL, NIGHT]
    )
    today = local_today(bob)
    program = factories.ProgramFactory(
        patient=bob,
        prescriber=alice,
        title="Heel pain",
        condition=heel_pain,
        start_date=today - datetime.timedelta(days=10),
    )
    factories.PrescriptionFactory(program=program, name="Calf stretch against a wall")
    cleo = factories.PatientFactory(
        clinic=northside, email="cleo@patients.test", full_name="Cleo Park", care_team=[alice]
    )
    cleos = factories.ProgramFactory(
        patient=cleo, prescriber=alice, start_date=today - datetime.timedelta(days=10)
    )
    factories.FlagFactory(
        program=cleos,
        kind=FlagKind.RED_PAIN,
        raised_on=today - datetime.timedelta(days=1),
        reason="Pain during exercise up to 7/10 on 1 of the last 7 days; limit 5/10.",
    )
    return program


def test_a_yes_sends_the_patient_to_a_doctor_and_puts_them_first_on_the_caseload(
    phone, desktop, caseload, alice, bob
):
    sign_in(phone, bob.email, PASSWORD)
    prompt = phone.get_by_role("region", name="Your weekly check-in")
    expect(prompt).to_be_visible()
    assert_page_works(phone, "patient-today-check-in-prompt-phone")
    prompt.get_by_role("link", name="Answer this week's check-in").click()
    expect(phone.get_by_role("heading", name="Your weekly check-in")).to_be_visible()
    expect(phone.get_by_role("group")).to_have_count(3)

    # One answer only: the summary at the top names the two questions left, and links to them.
    choose(phone, NUMBNESS, "Yes")
    phone.get_by_role("button", name="Send my answers").click()
    summary = phone.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [f"Choose yes or no for “{FALL}”", f"Choose yes or no for “{NIGHT}”"]
    )
    expect(phone.get_by_role("group", name=NUMBNESS).get_by_label("Yes")).to_be_checked()
    summary.get_by_role("link", name=re.compile("Heel pain that started")).click()
    expect(phone.get_by_role("group", name=FALL)).to_be_in_viewport()
    phone.evaluate("window.scrollTo(0, 0)")
    assert_page_works(phone, "patient-check-in-missing-answers-phone")

    phone.goto("/my/check-in/")  # the form as a patient first meets it, then answered
    for question, answer in ((NUMBNESS, "Yes"), (FALL, "No"), (NIGHT, "No")):
        choose(phone, question, answer)
    assert_page_works(phone, "patient-check-in-phone")
    phone.get_by_role("button", name="Send my answers").click()

    expect(phone.get_by_role("heading", name="Please contact a doctor today")).to_be_visible()
    expect(phone.get_by_role("listitem").filter(has_text=NUMBNESS)).to_be_visible()
    expect(phone.get_by_text(FALL)).to_have_count(0)
    expect(phone.get_by_text("contact your GP (family doctor) today")).to_be_visible()
    expect(phone.get_by_text("call the emergency number now")).to_be_visible()
    contact = phone.get_by_role("region", name="Your clinic: Northside Physio")
    expect(contact.get_by_role("link", name="Call 020 7946 0123")).to_have_attribute(
        "href", "tel:02079460123"
    )
    expect(contact.get_by_role("link", name="E-mail hello@northside.example")).to_have_attribute(
        "href", "mailto:hello@northside.example"
    )
    assert_page_works(phone, "patient-check-in-advice-phone")
    # Kept apart from the load advice: Today no longer asks, and says nothing of it.
    phone.get_by_role("link", name="Back to today").click()
    expect(phone.get_by_role("region", name="Your weekly check-in")).to_have_count(0)

    sign_in(desktop, alice.email, PASSWORD)
    rows = desktop.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Bob Hughes")
    expect(rows.nth(1)).to_contain_text("Red-flag symptom · told to see a doctor")
    today = local_today(bob)
    expect(rows.nth(1)).to_contain_text(
        f"Answered yes in the weekly check-in on {today:%a} {today.day} {today:%b %Y}: "
        "numbness, tingling or burning in the foot or toes."
    )
    expect(rows.nth(2)).to_contain_text("Cleo Park")
    expect(rows.nth(2)).to_contain_text("Pain above limit")
    assert_page_works(desktop, "clinician-caseload-red-flag")

    rows.nth(1).get_by_role("link", name="Bob Hughes").click()
    decision = desktop.get_by_role("region", name="Needs a decision")
    # The stored flags come first, the live ones (Bob has not logged: missed days) after.
    expect(decision.locator(".flag-item").first).to_contain_text("Red-flag symptom")
    note = decision.get_by_label("Acknowledgement note").first
    note.fill("Phoned Bob: GP appointment this afternoon.")
    decision.get_by_role("button", name="Acknowledge").first.click()
    expect(desktop.get_by_text("“Red-flag symptom” acknowledged.")).to_be_visible()
    assert_page_works(desktop)
    flag = Flag.objects.get(patient=bob)
    assert flag.kind == FlagKind.RED_FLAG and flag.acknowledged_by == alice
