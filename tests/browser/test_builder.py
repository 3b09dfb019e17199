"""The compact program builder at 1366 × 900 (issue 21): five exercises on a screen and a
half, in-place updates with JavaScript and full-page posts without it, and a refused save
summarised at the top with links that move the focus to each field."""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from programs.models import Program
from tests import factories
from tests.browser.conftest import (
    DESKTOP,
    SCREENSHOTS,
    assert_page_works,
    sign_in,
    sign_in_without_scripts,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
EARLY = "Plantar fasciitis — early phase"
STRETCH = "Plantar fascia stretch (toes pulled back)"
RAISE = "Heel raise on both legs"
# Five exercises on a desktop: about a screen and a half, not five (issue 21).
MAX_BUILDER_HEIGHT = 1800


def cards(page):
    return page.locator("#builder-items > li")


def open_early_template(page, patient):
    page.goto(f"/patients/{patient.pk}/")
    page.get_by_role("link", name="New program").first.click()
    page.get_by_text("Start from a template").click()
    page.get_by_role("link", name=EARLY).first.click()
    expect(cards(page).first.get_by_role("heading")).to_have_text(f"1. {STRETCH}")


def search_and_add(page, text: str, name: str) -> None:
    page.get_by_label("Search the catalogue by name or description").fill(text)
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name=f"Add {name}").click()


def test_five_exercises_fit_and_every_change_is_made_in_place(desktop, heel_patient, alice):
    page = desktop
    sign_in(page, alice.email, PASSWORD)
    open_early_template(page, heel_patient)
    # The patient's condition's templates come first in the chooser.
    expect(page.locator(".template-chooser h2").first).to_have_text(
        "For Plantar fasciitis (plantar heel pain)"
    )
    page.get_by_label("Title").fill("Bob's heel plan")
    first = cards(page).first
    first.get_by_label("Sets", exact=True).fill("4")
    # A full page load would forget this mark; an in-place update keeps it.
    page.evaluate("window.stillTheSamePage = true")

    search_and_add(page, "heal raise", RAISE)
    expect(cards(page)).to_have_count(5)
    added = cards(page).last
    expect(added.get_by_role("heading")).to_have_text(f"5. {RAISE}")
    expect(added.get_by_role("heading")).to_be_focused()
    expect(page.get_by_role("status").filter(has_text=f"Added {RAISE}.")).to_be_attached()
    # The result now says Added, and cannot be added twice.
    expect(page.get_by_role("button", name=f"Added {RAISE}")).to_be_disabled()
    expect(page.get_by_label("Title")).to_have_value("Bob's heel plan")
    expect(first.get_by_label("Sets", exact=True)).to_have_value("4")
    assert page.evaluate("window.stillTheSamePage") is True

    assert_page_works(page, "clinician-builder")
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(SCREENSHOTS / "clinician-builder.png", DOCS_SCREENSHOTS / "clinician-builder.png")

    # The five exercises with the search emptied (Enter in the box): a screen and a half.
    search = page.get_by_label("Search the catalogue by name or description")
    search.fill("")
    search.press("Enter")
    expect(page.get_by_role("list", name="Matching exercises")).to_have_count(0)
    expect(search).to_be_focused()
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"builder height for five exercises at 1366 × 900: {height} px")
    assert height <= MAX_BUILDER_HEIGHT
    assert page.evaluate("window.stillTheSamePage") is True

    # "Every day" and the single days exclude each other.
    every_day = added.get_by_role("checkbox", name="Every day")
    monday = added.get_by_role("checkbox", name="Mon")
    expect(every_day).to_be_checked()
    added.get_by_text("Mon", exact=True).click()
    expect(monday).to_be_checked()
    expect(every_day).not_to_be_checked()
    added.get_by_text("Every day", exact=True).click()
    expect(every_day).to_be_checked()
    expect(monday).not_to_be_checked()

    # Up and Remove, in place, the focus kept on the moved row's button.
    added.get_by_role("button", name="Move up").click()
    expect(cards(page).nth(3).get_by_role("heading")).to_have_text(f"4. {RAISE}")
    expect(cards(page).nth(3).get_by_role("button", name="Move up")).to_be_focused()
    cards(page).first.get_by_role("button", name="Remove").click()
    expect(cards(page)).to_have_count(4)
    expect(cards(page).first.get_by_role("heading")).to_be_focused()
    assert page.evaluate("window.stillTheSamePage") is True
    assert_page_works(page)

    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text("is saved for Bob Hughes")).to_be_visible()
    program = Program.objects.get(patient=heel_patient)
    assert program.title == "Bob's heel plan"
    items = list(program.prescriptions.order_by("order"))
    assert len(items) == 4 and items[2].name == RAISE
    assert items[2].weekday_label == "every day"


def test_adding_works_without_javascript(browser, live_server, heel_patient, alice):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in_without_scripts(page, alice.email, PASSWORD)
    open_early_template(page, heel_patient)
    cards(page).first.get_by_label("Sets", exact=True).fill("4")
    search_and_add(page, "heal raise", RAISE)
    expect(cards(page)).to_have_count(5)
    expect(cards(page).last.get_by_role("heading")).to_have_text(f"5. {RAISE}")
    expect(cards(page).first.get_by_label("Sets", exact=True)).to_have_value("4")
    expect(page.get_by_role("button", name=f"Added {RAISE}")).to_be_disabled()
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text("is saved for Bob Hughes")).to_be_visible()
    assert Program.objects.get().prescriptions.count() == 5
    context.close()


def test_a_refused_save_is_summarised_at_the_top_with_links_to_the_fields(
    desktop, heel_patient, alice
):
    page = desktop
    sign_in(page, alice.email, PASSWORD)
    open_early_template(page, heel_patient)
    page.get_by_label("Title").fill("")
    second = cards(page).nth(1)
    second.locator("summary").click()
    second.get_by_label("Rest between sets").fill("900")
    page.get_by_role("button", name="Save program").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    assert summary.bounding_box()["y"] < 200  # at the top, not below the rows
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Title: This field is required.",
            re.compile(
                r"^2\. .+ — Rest between sets \(seconds\): Ensure this value is less than or equal"
            ),
        ]
    )
    assert not Program.objects.exists()
    assert_page_works(page)

    links.nth(1).click()
    rest = cards(page).nth(1).get_by_label("Rest between sets")
    expect(rest).to_be_focused()
    expect(rest).to_have_value("900")
    links.first.click()
    expect(page.get_by_label("Title")).to_be_focused()


def test_the_template_editor_summarises_a_refused_save(desktop, catalogue, alice):
    template = factories.ProgramTemplateFactory(name="Northside heel", clinic=alice.clinic)
    factories.TemplateItemFactory(template=template)
    page = desktop
    sign_in(page, alice.email, PASSWORD)
    page.goto(f"/templates/{template.pk}/edit/")
    assert_page_works(page)
    page.get_by_label("Name*", exact=True).fill("")
    cards(page).first.get_by_label("Times a day").fill("9")
    page.get_by_role("button", name="Save template").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    assert_page_works(page)
    summary.get_by_role("link").nth(1).click()
    expect(cards(page).first.get_by_label("Times a day")).to_be_focused()
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(r"/templates/$"))
