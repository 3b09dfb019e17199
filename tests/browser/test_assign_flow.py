"""Flow 1: a clinician adds a patient, builds a program from a template and hands it out."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.models import User
from programs.models import Program, ProgramStatus
from tests.browser.conftest import assert_page_works, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clinician_assigns_a_program_from_a_template(desktop, catalogue, alice):
    page = desktop
    sign_in(page, alice.email, PASSWORD)
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    assert_page_works(page, "clinician-caseload-empty")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_page_works(page, "clinician-catalogue")

    # Patients → Add a patient.
    page.get_by_role("link", name="Patients").click()
    assert_page_works(page)
    page.get_by_role("link", name="Add a patient").click()
    assert_page_works(page)
    page.get_by_label("Full name").fill("Hana Sato")
    page.get_by_label("E-mail").fill("hana@patients.test")
    page.get_by_label("Condition").select_option(label="Plantar fasciitis (plantar heel pain)")
    page.get_by_role("button", name="Add patient and send invitation").click()

    # The patient page shows the link to copy.
    expect(page.get_by_role("heading", name=re.compile("Hana Sato"))).to_be_visible()
    link = page.get_by_label("Invitation link for Hana Sato").input_value()
    assert urlsplit(link).path.startswith("/invite/")
    assert_page_works(page, "clinician-patient")

    # Hana lives abroad: her details are corrected from her page.
    page.get_by_role("link", name="Edit details").click()
    expect(page.get_by_label("Full name")).to_have_value("Hana Sato")
    assert_page_works(page)
    page.get_by_label("Time zone").select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved: time zone.")).to_be_visible()
    expect(page.get_by_role("region", name="Profile")).to_contain_text("Europe/Lisbon")

    # New program, started from the plantar fasciitis early-phase template.
    page.get_by_role("link", name="New program").first.click()
    page.get_by_text("Start from a template").click()
    page.get_by_role("link", name="Plantar fasciitis — early phase").click()
    first = page.locator("#builder-items > li").first
    expect(first.get_by_role("heading")).to_have_text(
        "1. Plantar fascia stretch (toes pulled back)"
    )
    assert_page_works(page)

    # One dose changed: eight holds instead of ten.
    first.get_by_label("Sets", exact=True).fill("8")

    # A typo still finds the exercise; adding it keeps what was typed above.
    page.get_by_label("Search the catalogue by name or description").fill("heal raise")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name="Add Heel raise on both legs").click()
    added = page.locator("#builder-items > li").last
    expect(added.get_by_role("heading")).to_have_text(re.compile(r"\. Heel raise on both legs$"))
    expect(first.get_by_label("Sets", exact=True)).to_have_value("8")
    assert_page_works(page, "clinician-builder")

    page.get_by_label("Status").select_option(label="Active")
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text("is saved for Hana Sato")).to_be_visible()
    assert_page_works(page, "clinician-program")

    # The print view works under the CSP: styled, and its Print button wired up by script.
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert_page_works(page)
    page.get_by_role("link", name="Back to the program").click()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Handout (PDF)").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    hana = User.objects.get(email="hana@patients.test")
    program = Program.objects.get(patient=hana)
    assert program.status == ProgramStatus.ACTIVE
    items = list(program.prescriptions.order_by("order"))
    assert [items[0].name, items[0].sets] == ["Plantar fascia stretch (toes pulled back)", 8]
    assert items[-1].name == "Heel raise on both legs"
    assert len(items) == 5  # the four of the template and the one added
