"""The outcome questionnaires on a phone, and their change on the clinician's report: Bob
names his activities at the start; four weeks on, Today says a questionnaire is due, he
re-rates the same activities and answers the LEFS a few items a page, stopping half-way and
carrying on later; Alice's report then says how much his function changed, against the
meaningful change."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.dates import local_today
from programs.models import Occasion, OutcomeResponse
from tests import factories
from tests.browser.conftest import DESKTOP, assert_page_works, choose, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

LEFS_ITEMS_PER_PAGE = 4


def heel_program(bob, alice, *, days_ago: int):
    heel = factories.ConditionFactory(name="Plantar heel pain", body_region="foot_ankle")
    return factories.ProgramFactory(
        patient=bob,
        prescriber=alice,
        title="Heel pain",
        condition=heel,
        start_date=local_today(bob) - datetime.timedelta(days=days_ago),
    )


def answer_lefs_page(page, answer: str) -> None:
    for fieldset in page.locator("fieldset.outcome-item").all():
        fieldset.get_by_text(answer, exact=True).click()
    page.get_by_role("button", name="Save and").click()
    page.wait_for_load_state()


def test_bob_names_his_activities_at_the_start(phone, alice, bob):
    heel_program(bob, alice, days_ago=0)
    sign_in(phone, bob.email, PASSWORD)
    expect(phone.get_by_role("heading", name="A short questionnaire is due")).to_be_visible()
    phone.get_by_role("link", name="Answer the questionnaire").click()
    assert_page_works(phone, "outcome-list-phone")
    phone.get_by_role("link", name="Start").click()

    expect(phone.get_by_text("Activity 1 of up to 3")).to_be_visible()
    # Sent without an activity: the problem is named at the top, nothing is saved.
    phone.get_by_role("button", name="Save and go on").click()
    expect(phone.get_by_role("alert")).to_contain_text(
        "Name one activity you find hard because of your problem."
    )
    assert_page_works(phone, "outcome-psfs-error-phone")
    assert not OutcomeResponse.objects.exists()

    phone.get_by_label("An activity you find hard because of your problem").fill("Walking the dog")
    choose(phone, "How well can you do it today?", "3")
    assert_page_works(phone, "outcome-psfs-name-phone")
    phone.get_by_role("button", name="Save and go on").click()
    expect(phone.get_by_text("Activity 2 of up to 3")).to_be_visible()
    phone.get_by_label("An activity you find hard because of your problem").fill("Standing at work")
    choose(phone, "How well can you do it today?", "5")
    phone.get_by_role("button", name="Save and go on").click()
    phone.get_by_role("button", name="I have no more activities").click()

    # On to the next questionnaire, the LEFS.
    expect(phone.get_by_text("Page 1 of 5")).to_be_visible()
    psfs = OutcomeResponse.objects.get(instrument="PSFS")
    assert (psfs.status, psfs.score, psfs.occasion) == ("completed", 4, Occasion.BASELINE)
    assert list(psfs.answers.values_list("text", flat=True)) == [
        "Walking the dog",
        "Standing at work",
    ]


def test_bob_re_rates_his_activities_and_alice_sees_the_change(
    phone, browser, live_server, alice, bob
):
    program = heel_program(bob, alice, days_ago=28)
    start = program.start_date
    factories.completed_outcome(
        program=program,
        instrument="PSFS",
        due_on=start,
        answers={"activity_1": (3, "Walking the dog"), "activity_2": (4, "Standing at work")},
        occasion=Occasion.BASELINE,
    )
    # A LEFS of 40 at the start: every item "moderate difficulty".
    factories.completed_outcome(
        program=program,
        instrument="LEFS",
        due_on=start,
        answers={str(n): 2 for n in range(1, 21)},
        occasion=Occasion.BASELINE,
    )

    sign_in(phone, bob.email, PASSWORD)
    assert_page_works(phone, "outcome-due-today-phone")
    phone.get_by_role("link", name="Answer the questionnaire").click()
    phone.get_by_role("link", name="Start").click()

    # The PSFS: the same two activities, one a page.
    expect(phone.get_by_text("Page 1 of 2")).to_be_visible()
    choose(phone, "How well can you do this today: “Walking the dog”?", "7")
    assert_page_works(phone, "outcome-psfs-rerate-phone")
    phone.get_by_role("button", name="Save and go on").click()
    choose(phone, "How well can you do this today: “Standing at work”?", "6")
    phone.get_by_role("button", name="Save and finish").click()

    # The LEFS, four items a page. A page sent half-answered names the missing items.
    expect(phone.get_by_text("Page 1 of 5")).to_be_visible()
    phone.get_by_role("group", name="Walking between rooms.").get_by_text(
        "No difficulty", exact=True
    ).click()
    phone.get_by_role("button", name="Save and go on").click()
    expect(phone.get_by_role("alert")).to_contain_text(
        "Choose an answer for “Getting into or out of the bath.”, or skip it."
    )
    answer_lefs_page(phone, "A little bit of difficulty")
    expect(phone.get_by_text("Page 2 of 5")).to_be_visible()
    assert_page_works(phone, "outcome-lefs-page-phone")
    answer_lefs_page(phone, "A little bit of difficulty")

    # Bob stops here; later Today offers to carry on, and page 3 opens.
    phone.goto("/today/")
    phone.get_by_role("link", name="Carry on with the questionnaire").click()
    phone.get_by_role("link", name="Carry on").click()
    expect(phone.get_by_text("Page 3 of 5")).to_be_visible()
    for _ in range(3):
        answer_lefs_page(phone, "A little bit of difficulty")

    lefs = OutcomeResponse.objects.get(instrument="LEFS", occasion=Occasion.FOLLOW_UP)
    assert (lefs.status, lefs.score) == ("completed", 60)

    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    desktop = context.new_page()
    sign_in(desktop, alice.email, PASSWORD)
    desktop.goto(f"/patients/{bob.pk}/report/")
    section = desktop.get_by_role("region", name="Function questionnaires")
    day = f"{start.day} {start:%b %Y}"
    expect(section).to_contain_text(f"LEFS +20 since {day}: above the 9-point meaningful change")
    expect(section).to_contain_text(f"PSFS +3 since {day}: above the 2-point meaningful change")
    assert_page_works(desktop, "outcome-report-desktop")
    desktop.goto("/caseload/")
    expect(desktop.get_by_role("row", name="Bob Hughes")).to_contain_text("Improved")
    assert_page_works(desktop, "outcome-caseload-desktop")
    context.close()
