"""The patient's account page on a phone: from their name in the menu to the clinic's phone,
their handout's print view and a new time zone; and their progress page, whose weeks start
with their program and whose equal scores stay apart."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.dates import local_today
from accounts.models import PatientProfile
from exercises.models import Condition, Exercise
from programs.models import ExerciseCompletion
from tests import factories
from tests.browser.conftest import assert_page_works, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def docs_screenshot(page, name: str) -> None:
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.fixture
def heel_program(catalogue, alice, bob):
    """Bob's heel-pain program, started 17 days ago (a Northside with its contact details),
    with a log most days: on some days both scores are the same."""
    clinic = bob.clinic
    clinic.name, clinic.phone = "Northside Physio", "020 7946 0123"
    clinic.contact_email, clinic.opening_hours = "hello@northside.example", "Mon–Fri 8am–6pm"
    clinic.save()
    heel = Condition.objects.get(slug="plantar-fasciitis")
    PatientProfile.objects.filter(user=bob).update(condition=heel)
    today = local_today(bob)
    program = factories.ProgramFactory(
        patient=bob,
        prescriber=alice,
        title="Heel pain, early phase",
        condition=heel,
        start_date=today - datetime.timedelta(days=17),
    )
    prescriptions = [
        factories.PrescriptionFactory(
            program=program, exercise=Exercise.objects.get(slug=slug), order=order, times_per_day=1
        )
        for order, slug in enumerate(["towel-calf-stretch", "seated-heel-raise"])
    ]
    scores = [(5, 5), (5, 4), (4, 4), (4, 3), (4, 4), (3, 4), (3, 3), (3, 2), (2, 2), (2, 3)]
    for days_ago, (morning, exercise) in zip(
        [17, 15, 13, 12, 10, 8, 6, 4, 2, 1], scores, strict=True
    ):
        day = today - datetime.timedelta(days=days_ago)
        log = factories.SessionLogFactory(
            program=program, date=day, morning_pain=morning, exercise_pain=exercise
        )
        ExerciseCompletion.objects.bulk_create(
            ExerciseCompletion(log=log, prescription=rx, times_done=1) for rx in prescriptions
        )
    return program


def test_a_patient_finds_their_account_handout_and_time_zone_on_a_phone(phone, bob, heel_program):
    page = phone
    sign_in(page, bob.email, PASSWORD)

    # Their name in the menu leads to their account, not to the password form.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Bob", exact=True).click()
    expect(page).to_have_url("/my/account/")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    call = page.get_by_role("link", name="Call 020 7946 0123")
    expect(call).to_have_attribute("href", "tel:02079460123")
    expect(page.locator("#clinic-contact")).to_contain_text("Mon–Fri 8am–6pm")
    expect(page.get_by_role("link", name="Change your password")).to_be_visible()
    assert_page_works(page)
    assert_no_sideways_scroll(page)
    docs_screenshot(page, "patient-account-phone")

    # Their handout, to print.
    page.get_by_role("link", name=re.compile(r"^Open to print\W+Heel pain, early phase$")).click()
    expect(page).to_have_url(f"/my/programs/{heel_program.pk}/print/")
    expect(page.get_by_role("heading", name="Heel pain, early phase")).to_be_visible()
    assert_page_works(page)
    page.get_by_role("link", name="Back to your account").click()

    # A new time zone: saved, and shown selected.
    page.get_by_label("Your time zone").select_option("America/New_York")
    page.get_by_role("button", name="Save time zone").click()
    expect(page.get_by_text("Your time zone is saved.")).to_be_visible()
    expect(page.get_by_label("Your time zone")).to_have_value("America/New_York")
    assert_page_works(page)
    bob.patient_profile.refresh_from_db()
    assert bob.patient_profile.timezone == "America/New_York"


def test_a_patients_progress_starts_with_their_program_on_a_phone(phone, bob, heel_program):
    page = phone
    sign_in(page, bob.email, PASSWORD)
    page.goto("/today/history/")

    rows = page.locator("table.progress-weeks tbody tr")
    expect(rows).to_have_count(3)  # 17 days since the start: weeks 1, 2 and 3
    expect(rows.first).to_contain_text("Week 3")
    expect(page.get_by_text("Same score twice in a day")).to_be_visible()
    assert_page_works(page)
    assert_no_sideways_scroll(page)
    docs_screenshot(page, "patient-progress-phone")
