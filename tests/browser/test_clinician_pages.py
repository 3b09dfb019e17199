"""A clinician's pages on the demo clinic, on a desktop and on a 390 × 844 phone: the caseload
fits the phone (rows as cards, filters behind a disclosure), the report and the patient's page
too, and the breadcrumb links lead report ↔ patient ↔ program."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_page_works, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "stride-demo-2026"  # noqa: S105  (seed_demo's, printed by make run)
ALICE = "alice@northside.example"


@pytest.fixture
def demo(catalogue):
    call_command("seed_demo", stdout=io.StringIO())


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def test_the_caseload_report_and_patient_page_fit_a_phone(phone, demo):
    sign_in(phone, ALICE, DEMO_PASSWORD)
    phone.goto("/caseload/")
    filters = phone.locator("details.caseload-filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(phone.get_by_label("Name or e-mail")).to_be_hidden()
    first = phone.locator("table.caseload tbody tr").first
    expect(first).to_contain_text("Bob Hughes")
    # A card: each cell says what it is, in front of its value.
    labels = first.locator("td").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )
    assert '"Adherence 7 · 28 days"' in labels
    no_sideways_scroll(phone)
    assert_page_works(phone, "clinician-caseload-phone")

    phone.get_by_text("Filter the list").click()
    expect(phone.get_by_label("Name or e-mail")).to_be_visible()
    no_sideways_scroll(phone)
    assert_page_works(phone)

    first.get_by_role("link", name="Bob Hughes").click()
    expect(phone.get_by_role("heading", name="Bob Hughes")).to_be_visible()
    no_sideways_scroll(phone)
    assert_page_works(phone, "clinician-report-phone")

    phone.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Bob Hughes"
    ).click()
    expect(phone.get_by_role("heading", name="Bob Hughes")).to_be_visible()
    expect(phone.get_by_role("heading", name="Programs")).to_be_visible()
    no_sideways_scroll(phone)
    assert_page_works(phone, "clinician-patient-phone")


def test_a_clinician_moves_between_report_patient_and_program(desktop, demo):
    sign_in(desktop, ALICE, DEMO_PASSWORD)
    desktop.goto("/caseload/")
    expect(desktop.get_by_role("button", name="Filter the list")).to_have_count(0)
    assert_page_works(desktop, "clinician-caseload")

    desktop.get_by_role("link", name="Bob Hughes").click()
    expect(desktop.get_by_role("heading", name="Bob Hughes")).to_be_visible()
    decision = desktop.get_by_role("region", name="Needs a decision")
    expect(decision.get_by_role("link", name="edit")).to_be_visible()
    assert_page_works(desktop, "clinician-report")

    about = desktop.get_by_role("navigation", name="About Bob Hughes")
    about.get_by_role("link", name=re.compile(r"^Program")).click()
    expect(desktop.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Bob Hughes")
    expect(desktop.locator(".status-badge")).to_have_text("Active")
    assert_page_works(desktop)

    desktop.get_by_role("navigation", name="About Bob Hughes").get_by_role(
        "link", name="Report"
    ).click()
    expect(desktop).to_have_url(re.compile(r"/report/$"))
    desktop.get_by_role("navigation", name="About Bob Hughes").get_by_role(
        "link", name="Patient details"
    ).click()
    expect(desktop.get_by_role("heading", name="Profile")).to_be_visible()
    expect(desktop.get_by_text("Plantar fasciitis").first).to_be_visible()
    assert_page_works(desktop, "clinician-patient")
