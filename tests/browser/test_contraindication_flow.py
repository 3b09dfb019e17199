"""A contraindication from the health screen to the patient's phone: the clinician notes
Bob's reduced foot sensation, the builder stops the early template's night splint until she
confirms it, and Bob reads "Do not do this if …" on Today."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from programs.models import Program
from tests.browser.conftest import DESKTOP, PHONE, assert_page_works, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SPLINT = "Night splint for first-step pain"
CONFIRM = "I have checked this and still want to prescribe it"


def both_sizes(page, name: str, *, focus) -> None:
    """The part of the page around `focus`, on a phone and on a desktop, for docs/."""
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        # Instant: Bootstrap scrolls smoothly, and the picture would catch it halfway.
        focus.evaluate("element => element.scrollIntoView({block: 'start', behavior: 'instant'})")
        page.evaluate("window.scrollBy({top: -16, behavior: 'instant'})")
        page.screenshot(path=str(DOCS_SCREENSHOTS / f"{name}-{size}.png"))


def test_a_clash_is_confirmed_in_the_builder_and_read_by_the_patient(
    desktop, phone, heel_patient, alice
):
    bob = heel_patient
    page = desktop
    sign_in(page, alice.email, PASSWORD)
    page.goto(f"/patients/{bob.pk}/")
    expect(page.get_by_role("region", name="Health screen")).to_contain_text("No health screen yet")
    page.get_by_role("link", name="Fill in the health screen").click()
    assert_page_works(page)
    page.get_by_label("Reduced foot sensation (diabetes, neuropathy)").check()
    page.get_by_role("button", name="Save the health screen").click()
    expect(page.get_by_role("region", name="Health screen")).to_contain_text(
        "Reduced foot sensation (diabetes, neuropathy)"
    )

    # The early template holds the night splint: the builder names the clash at once.
    page.get_by_role("link", name="New program").first.click()
    page.get_by_text("Start from a template").click()
    page.get_by_role("link", name="Plantar fasciitis — early phase").click()
    row = page.locator("#builder-items > li").filter(has_text=SPLINT)
    clash = row.get_by_role("alert")
    expect(clash).to_contain_text(
        f"{SPLINT}: not for reduced foot sensation (diabetes, neuropathy) — Bob's "
        "health screen lists it."
    )
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text("Nothing was saved yet.")).to_be_visible()
    expect(row.get_by_text("Tick this box to prescribe it anyway")).to_be_visible()
    assert not Program.objects.exists()
    assert_page_works(page)
    both_sizes(page, "clinician-builder-clash", focus=row)

    row.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Save program").click()
    expect(page.get_by_text("is saved for Bob Hughes")).to_be_visible()
    assert Program.objects.get().prescriptions.filter(name=SPLINT).exists()

    sign_in(phone, bob.email, PASSWORD)
    card = phone.get_by_role("article", name="Night splint on tonight")
    # Three tags: a list under "Do not do this if:" (a task, not an exercise).
    expect(card).to_contain_text("Do not do this if:")
    expect(card.get_by_role("listitem").first).to_have_text(
        "you have reduced feeling in your feet (for example from diabetes)"
    )
    expect(phone.get_by_role("group", name="First-step pain")).to_be_visible()
    assert_page_works(phone)
    both_sizes(phone, "patient-today-do-not-do-if", focus=card)
