"""The patient's day on a 390 × 844 phone (issue 17): a Today form for five exercises within
two and a half screens, a guided session of a sided hold (left and right prompts, a pause, a
rest) that ends in a saved log with the right counts, the same session by keyboard alone,
and the plain form with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import ExerciseCompletion, Prescription, SessionLog
from tests.browser.conftest import (
    PHONE,
    assert_page_works,
    choose,
    prescribe,
    press_tab_until,
    sign_in,
    sign_in_without_scripts,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

FIVE = [
    "plantar-fascia-stretch",
    "towel-calf-stretch",
    "seated-heel-raise",
    "calf-wall-stretch",
    "short-foot",
]
STRETCH = "Calf stretch at the wall (straight knee)"


@pytest.fixture
def sided_hold(heel_patient, alice):
    """One stretch on each side: 2 sets of a 3-second hold, 2 seconds' rest between sets."""
    program = prescribe(clinician=alice, patient=heel_patient, slugs=["calf-wall-stretch"])
    Prescription.objects.filter(program=program).update(
        sets=2, hold_seconds=3, reps=None, side="both", rest_seconds=2, times_per_day=1
    )
    return program


def test_five_exercises_fit_in_two_and_a_half_screens(phone, heel_patient, alice):
    prescribe(clinician=alice, patient=heel_patient, slugs=FIVE)
    sign_in(phone, heel_patient.email, PASSWORD)

    form = phone.locator("form[data-daily-log]")
    expect(form.locator("article.exercise")).to_have_count(5)
    height = form.evaluate("form => form.getBoundingClientRect().height")
    assert height <= 2.5 * PHONE["height"], height
    # The pain questions come after the exercises.
    order = form.evaluate(
        "form => [...form.querySelectorAll('article, fieldset.pain-scale')]"
        ".map(node => node.tagName)"
    )
    assert order == ["ARTICLE"] * 5 + ["FIELDSET", "FIELDSET"]
    assert_page_works(phone, "patient-today-phone")


def prompt(page):
    """What the session asks for now ("Set 1 of 2 · Left side")."""
    return page.get_by_role("region", name="Guided session").locator(".guided-prompt")


def run_the_hold(page, side: str):
    guided = page.get_by_role("region", name="Guided session")
    expect(prompt(page)).to_have_text(f"Set {side}", timeout=8000)
    guided.get_by_role("button", name=re.compile("^Start holding for 3 seconds")).click()
    expect(guided.get_by_role("button", name="Pause")).to_be_visible()


def test_a_guided_session_of_a_sided_hold_ends_in_a_saved_log(phone, sided_hold, heel_patient):
    page = phone
    sign_in(page, heel_patient.email, PASSWORD)
    page.get_by_role("button", name="Start today's exercises").click()
    guided = page.get_by_role("region", name="Guided session")
    expect(guided.get_by_text("Exercise 1 of 1")).to_be_visible()
    expect(guided.get_by_role("heading", name=STRETCH)).to_be_focused()
    expect(page.get_by_role("article", name=STRETCH)).to_be_hidden()
    assert_page_works(page, "patient-guided-session-phone")

    run_the_hold(page, "1 of 2 · Left side")
    guided.get_by_role("button", name="Pause").click()
    expect(guided.get_by_text(re.compile(r"\(paused\)"))).to_be_visible()
    page.wait_for_timeout(1500)
    expect(guided.get_by_text(re.compile(r"\(paused\)"))).to_be_visible()  # it stays paused
    guided.get_by_role("button", name="Resume").click()
    run_the_hold(page, "1 of 2 · Right side")
    expect(prompt(page)).to_have_text("Rest before set 2", timeout=8000)
    expect(guided.get_by_role("button", name="Skip the rest")).to_be_visible()
    run_the_hold(page, "2 of 2 · Left side")
    run_the_hold(page, "2 of 2 · Right side")

    # Every set done: back to the form, on the questions, the exercise ticked.
    expect(page.get_by_role("heading", name="How did it go?")).to_be_focused(timeout=8000)
    card = page.get_by_role("article", name=STRETCH)
    expect(card.get_by_role("checkbox", name="Done")).to_be_checked()
    choose(page, "First-step pain", "3")
    choose(page, "Worst pain during the exercises", "2")
    page.get_by_role("button", name="Save today's log").click()
    expect(page.get_by_text("Saved your log for")).to_be_visible()

    done = ExerciseCompletion.objects.get()
    assert (done.times_done, done.sets_done) == (1, 2)
    # After the save nothing on the card contradicts it.
    card = page.get_by_role("article", name=STRETCH)
    expect(card.get_by_role("checkbox", name="Done")).to_be_checked()
    expect(card.get_by_text(re.compile("Not yet|0 of|Set 1"))).to_have_count(0)
    assert_page_works(page, "patient-today-after-save-phone")


def test_the_guided_session_by_keyboard_alone(phone, sided_hold, heel_patient):
    page, keyboard = phone, phone.keyboard
    Prescription.objects.filter(program=sided_hold).update(sets=1, rest_seconds=0, hold_seconds=2)
    sign_in(page, heel_patient.email, PASSWORD)
    press_tab_until(page, page.get_by_role("button", name="Start today's exercises"))
    keyboard.press("Enter")
    guided = page.get_by_role("region", name="Guided session")
    for side in ("Left side", "Right side"):
        expect(prompt(page)).to_have_text(f"Set 1 of 1 · {side}", timeout=8000)
        start = guided.get_by_role("button", name=re.compile("^Start holding"))
        press_tab_until(page, start)
        keyboard.press("Enter")
    expect(page.get_by_role("heading", name="How did it go?")).to_be_focused(timeout=8000)
    morning = page.get_by_role("group", name="First-step pain")
    press_tab_until(page, morning.get_by_role("radio", name=re.compile("^0")))
    keyboard.press("ArrowRight")
    press_tab_until(page, page.get_by_role("button", name="Save today's log"))
    keyboard.press("Enter")
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    done = ExerciseCompletion.objects.get()
    assert (done.times_done, done.sets_done) == (1, 1)


def test_logging_works_with_javascript_off(browser, live_server, sided_hold, heel_patient):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in_without_scripts(page, heel_patient.email, PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
    expect(page.get_by_role("button", name="Start today's exercises")).to_be_hidden()
    card = page.get_by_role("article", name=STRETCH)
    card.get_by_text("Done", exact=True).click()
    card.get_by_text("I did fewer sets").click()
    card.get_by_label("Sets done, if fewer than 2").fill("5")
    page.get_by_role("button", name="Save today's log").click()
    # Refused on the server with the summary at the top, never a browser bubble.
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_contain_text([re.compile("has 2 sets")])
    assert not SessionLog.objects.exists()
    card.get_by_label("Sets done, if fewer than 2").fill("1")
    page.get_by_role("button", name="Save today's log").click()
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    done = ExerciseCompletion.objects.get()
    assert (done.times_done, done.sets_done) == (1, 1)
    context.close()


def test_a_refused_save_is_summarised_at_the_top_with_focus(phone, sided_hold, heel_patient):
    page = phone
    sign_in(page, heel_patient.email, PASSWORD)
    card = page.get_by_role("article", name=STRETCH)
    card.get_by_text("I did fewer sets").click()
    card.get_by_label("Sets done, if fewer than 2").fill("9")
    page.get_by_role("button", name="Save today's log").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(card.get_by_label("Sets done, if fewer than 2")).to_be_focused()
    expect(card.get_by_label("Sets done, if fewer than 2")).to_have_value("9")
    assert_page_works(page, "patient-today-error-summary-phone")
