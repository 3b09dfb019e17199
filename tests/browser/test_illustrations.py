"""The drawings where a patient and a clinician read an exercise: Bob's Today card and "How
to do it" on a phone (the right-side prescription drawn with the right leg working), the
catalogue and the program's print view for Alice."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from exercises.illustrations import exercise_svgs
from programs.models import Prescription, Side
from tests.browser.conftest import DESKTOP, PHONE, assert_page_works, prescribe, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
STRETCH = "plantar-fascia-stretch"
RAISE = "heel-raise-double"


def shot(page, name: str) -> None:
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOTS / f"{name}.png"))


def inline_svg(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => element.outerHTML")


def test_the_patient_sees_the_drawing_of_the_prescribed_side(phone, catalogue, alice, bob):
    program = prescribe(clinician=alice, patient=bob, slugs=[STRETCH, RAISE])
    Prescription.objects.filter(program=program, exercise__slug=STRETCH).update(side=Side.RIGHT)
    page = phone
    page.set_viewport_size(PHONE)
    sign_in(page, bob.email, PASSWORD)
    page.goto("/today/")
    assert_page_works(page)
    card = page.locator(f"[data-exercise-picture='{STRETCH}']").first
    expect(card).to_be_visible()
    card.scroll_into_view_if_needed()
    shot(page, "patient-today-with-pictures")

    # The right-side prescription shows the mirrored drawing, not the one as authored.
    drawn = inline_svg(page, f"[data-exercise-picture='{STRETCH}'] svg")
    mirrored, authored = exercise_svgs(STRETCH, side="right")[0], exercise_svgs(STRETCH)[0]
    assert _viewbox_paths(drawn) == _viewbox_paths(mirrored) != _viewbox_paths(authored)

    page.get_by_text("How to do it").first.click()
    large = page.locator(".exercise-picture--large").first
    expect(large).to_be_visible()
    large.scroll_into_view_if_needed()
    shot(page, "patient-how-to-do-it")


def test_the_catalogue_and_the_print_view_show_the_drawings(desktop, catalogue, alice, bob):
    program = prescribe(clinician=alice, patient=bob, slugs=[RAISE])
    page = desktop
    page.set_viewport_size(DESKTOP)
    sign_in(page, alice.email, PASSWORD)
    page.goto(f"/catalogue/?q={RAISE.replace('-', ' ')}")
    assert_page_works(page)
    expect(page.locator(f"[data-exercise-picture='{RAISE}']").first).to_be_visible()
    page.goto(f"/programs/{program.pk}/print/")
    expect(page.locator(f"[data-exercise-picture='{RAISE}'] svg")).to_have_count(2)
    page.goto("/catalogue/illustrations/")
    assert_page_works(page)
    expect(page.locator(f"[data-gallery-entry='{STRETCH}'] svg")).to_have_count(2)
    # Every movement is drawn; tasks and read-this cards are not listed (nothing to draw).
    expect(page.locator("[data-gallery-entry]:has(.gallery-missing)")).to_have_count(0)
    shot(page, "illustrations-gallery")


def test_the_builder_cards_show_the_drawings(desktop, catalogue, alice, bob):
    program = prescribe(clinician=alice, patient=bob, slugs=[STRETCH, RAISE])
    page = desktop
    page.set_viewport_size(DESKTOP)
    sign_in(page, alice.email, PASSWORD)
    page.goto(f"/programs/{program.pk}/edit/")
    assert_page_works(page)
    cards = page.locator("#builder-items")
    for slug in (STRETCH, RAISE):
        expect(cards.locator(f"[data-exercise-picture='{slug}'] svg")).to_be_visible()
    cards.scroll_into_view_if_needed()
    shot(page, "clinician-builder-with-pictures")


def _viewbox_paths(svg: str) -> list[str]:
    """The drawing's path data, so a comparison ignores the title and attribute order."""
    import re

    return re.findall(r' d="([^"]+)"', svg)
