"""Flow 2: a patient joins from the invitation link on a phone and logs a day, by touch and
by keyboard alone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts import invitations, services
from exercises.models import Condition
from programs.models import SessionLog
from tests.browser.conftest import assert_page_works, choose, prescribe, press_tab_until

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "calm-heel-morning-42"
TOWEL = "Seated calf stretch with a towel"  # twice a day, 3 sets
HEEL_RAISE = "Seated heel raise"  # once a day


@pytest.fixture
def invitation_path(catalogue, alice):
    """Hana was added by Alice, has a program and has not chosen a password yet."""
    invitation = services.add_patient(
        clinician=alice,
        full_name="Hana Sato",
        email="hana@patients.test",
        condition=Condition.objects.get(slug="plantar-fasciitis"),
    )
    prescribe(
        clinician=alice, patient=invitation.user, slugs=["towel-calf-stretch", "seated-heel-raise"]
    )
    return reverse("invitation_accept", args=[invitations.token_for(invitation.pk)])


def exercise_card(page, name):
    return page.get_by_role("article", name=name)


def assert_one_log_with_todays_values():
    log = SessionLog.objects.get()
    assert (log.morning_pain, log.exercise_pain) == (3, 4)
    done = {c.prescription.name: (c.times_done, c.sets_done) for c in log.completions.all()}
    # Sets follow from done: every set of each session ticked.
    assert done == {TOWEL: (2, 3), HEEL_RAISE: (1, 3)}


def test_a_patient_joins_and_logs_today_on_a_phone(phone, invitation_path):
    page = phone
    page.goto(invitation_path)
    assert_page_works(page, "patient-choose-password")
    page.get_by_label("New password*", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation*", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my password").click()

    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
    expect(page.get_by_text("Your password is saved")).to_be_visible()
    towel, heel_raise = exercise_card(page, TOWEL), exercise_card(page, HEEL_RAISE)
    expect(towel).to_be_visible()
    expect(heel_raise).to_be_visible()
    assert_page_works(page, "patient-today")

    towel.get_by_text("How to do it").click()
    expect(towel.get_by_role("listitem").first).to_be_visible()
    assert_page_works(page)

    choose(page, "First-step pain", "3")
    choose(page, "Worst pain during the exercises", "4")
    towel.get_by_text("Morning", exact=True).click()
    towel.get_by_text("Evening", exact=True).click()
    heel_raise.get_by_text("Done", exact=True).click()
    page.get_by_role("button", name="Save today's log").click()
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    assert_page_works(page)

    page.reload()
    assert_saved_values_shown(page)
    page.get_by_role("button", name="Save today's log").click()
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    assert_one_log_with_todays_values()

    page.get_by_role("link", name="See your progress over the weeks").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    assert_page_works(page, "patient-history")

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="My programs").click()
    page.get_by_role("link", name="Heel pain, early phase").click()
    expect(page.get_by_role("heading", name="Heel pain, early phase")).to_be_visible()
    assert_page_works(page, "patient-my-program")


def assert_saved_values_shown(page):
    towel, heel_raise = exercise_card(page, TOWEL), exercise_card(page, HEEL_RAISE)
    morning = page.get_by_role("group", name="First-step pain")
    expect(morning.get_by_role("radio", name="3", exact=True)).to_be_checked()
    exercise = page.get_by_role("group", name="Worst pain during the exercises")
    expect(exercise.get_by_role("radio", name="4", exact=True)).to_be_checked()
    expect(towel.get_by_role("checkbox", name="Morning")).to_be_checked()
    expect(towel.get_by_role("checkbox", name="Evening")).to_be_checked()
    expect(heel_raise.get_by_role("checkbox", name="Done", exact=True)).to_be_checked()
    # Nothing contradicts the ticks: no count, no "not done" words, fewer sets left closed.
    expect(towel.get_by_text("I did fewer sets")).to_be_visible()
    expect(page.get_by_text(re.compile("Not yet|0 of|Set 1 of"))).to_have_count(0)
    assert_page_works(page)


def test_a_patient_joins_and_logs_today_with_the_keyboard_alone(phone, invitation_path):
    """Tab and Shift+Tab move, Space and Enter act, typing types; the arrow keys choose
    within a group of radio buttons, which is how a keyboard works a radio group."""
    page, keyboard = phone, phone.keyboard
    page.goto(invitation_path)
    press_tab_until(page, page.get_by_label("New password*", exact=True))
    keyboard.type(NEW_PASSWORD)
    keyboard.press("Tab")
    keyboard.type(NEW_PASSWORD)
    keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()

    towel, heel_raise = exercise_card(page, TOWEL), exercise_card(page, HEEL_RAISE)
    summary = towel.get_by_text("How to do it")
    press_tab_until(page, summary)
    keyboard.press("Enter")
    expect(towel.get_by_role("listitem").first).to_be_visible()

    # Towel stretch: morning and evening ticked with Space.
    press_tab_until(page, towel.get_by_role("checkbox", name="Morning"))
    keyboard.press("Space")
    keyboard.press("Tab")
    keyboard.press("Space")
    # Heel raise: done.
    press_tab_until(page, heel_raise.get_by_role("checkbox", name="Done"))
    keyboard.press("Space")

    # Pain scores: nothing chosen yet, so Tab lands on 0 of each scale.
    morning = page.get_by_role("group", name="First-step pain")
    press_tab_until(page, morning.get_by_role("radio", name=re.compile("^0")))
    for _ in range(3):
        keyboard.press("ArrowRight")
    keyboard.press("Tab")
    for _ in range(4):
        keyboard.press("ArrowRight")

    # Back up to check the heel raise with Shift+Tab, then save with Enter.
    press_tab_until(page, heel_raise.get_by_role("checkbox", name="Done"), key="Shift+Tab")
    press_tab_until(page, page.get_by_role("button", name="Save today's log"))
    keyboard.press("Enter")
    expect(page.get_by_text("Saved your log for")).to_be_visible()

    page.reload()
    assert_saved_values_shown(page)
    press_tab_until(page, page.get_by_role("button", name="Save today's log"))
    keyboard.press("Space")
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    assert_one_log_with_todays_values()
