"""Issue 15 in a browser: a clinician starts the plantar heel pain pathway's first phase and
sees its criteria; on a phone the patient ticks the night splint on Today and reads "About
your condition" with its red flags and the clinic's contact; the report shows the phase."""

import pytest
from playwright.sync_api import expect

from programs.models import ExerciseCompletion, Program
from tests.browser.conftest import assert_page_works, choose, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heel_patient_with_contact(heel_patient, alice):
    """Bob with heel pain, at a clinic that gives patients its phone and e-mail."""
    clinic = alice.clinic
    clinic.name, clinic.phone = "Northside Physio", "020 7946 0123"
    clinic.contact_email = "hello@northside.example"
    clinic.save()
    return heel_patient


def test_the_early_phase_from_builder_to_the_patients_phone(
    desktop, phone, alice, heel_patient_with_contact
):
    heel_patient = heel_patient_with_contact
    sign_in(desktop, alice.email, PASSWORD)
    desktop.goto(f"/patients/{heel_patient.pk}/programs/new/")
    desktop.get_by_text("Start from a template").click()
    desktop.get_by_role("link", name="Plantar fasciitis — early phase").click()
    criteria = desktop.get_by_role("region", name="Plantar fasciitis — early phase: when it fits")
    expect(criteria).to_contain_text("Move on when")
    splint = desktop.locator("#builder-items > li").filter(has_text="Night splint")
    expect(splint).to_contain_text("Task: the patient ticks “Night splint on tonight”")
    expect(splint.get_by_label("Reps")).to_have_count(0)
    assert_page_works(desktop, "clinician-builder-pathway-phase")
    desktop.get_by_role("button", name="Save program").click()
    expect(desktop.get_by_text("is saved for Bob Hughes")).to_be_visible()
    program = Program.objects.get(patient=heel_patient)
    assert program.template.slug == "plantar-fasciitis-early"

    sign_in(phone, heel_patient.email, PASSWORD)
    task = phone.locator("article.task").filter(has_text="Night splint on tonight")
    expect(task).to_be_visible()
    choose(task, "Done today?", "Done")
    choose(phone, "First-step pain", "4")
    assert_page_works(phone, "patient-today-with-task-phone")
    phone.get_by_role("button", name="Save").first.click()
    expect(phone.get_by_text("Saved your log")).to_be_visible()
    done = ExerciseCompletion.objects.get(prescription__today_label="Night splint on tonight")
    assert (done.times_done, done.sets_done) == (1, 1)

    phone.get_by_role("link", name="About your condition, and when to see a doctor").click()
    expect(phone.get_by_role("heading", name="About your condition")).to_be_visible()
    red_flags = phone.get_by_role("complementary", name="See a doctor today if you notice any")
    expect(red_flags).to_contain_text("squeeze your heel from both sides")
    expect(red_flags.get_by_role("link", name="020 7946 0123")).to_have_attribute(
        "href", "tel:02079460123"
    )
    expect(phone.get_by_role("heading", name="How long it takes")).to_be_visible()
    assert_page_works(phone, "patient-about-condition-phone")

    desktop.goto(f"/patients/{heel_patient.pk}/report/")
    phase = desktop.get_by_role("region", name="Phase: Plantar fasciitis — early phase")
    expect(phase).to_contain_text("What Stride can check from the logs")
    expect(phase).to_contain_text("Next phase: Plantar fasciitis — intermediate phase")
    assert_page_works(desktop, "clinician-report-phase")
