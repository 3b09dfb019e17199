"""A flare the next morning, from the patient's phone to a smaller dose in the program: the
patient sees amber advice and taps the exercise that hurt most, the clinician finds them first
on the caseload with the reason in numbers, sees the change before applying it, and the
program shows the new dose once, on the same days."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.dates import local_today
from exercises.models import Condition, Exercise
from programs.models import ALL_WEEKDAYS, Prescription, ProgramStatus, SessionLog
from programs.prescribing import services
from tests.browser.conftest import DESKTOP, PHONE, assert_page_works, choose, screenshot, sign_in
from tests.factories import PASSWORD, PatientFactory, SessionLogFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEEL_RAISE = "Heel raise on both legs"
STRETCH = "Plantar fascia stretch (toes pulled back)"
FIRST_STEPS = re.compile("first-step pain", re.IGNORECASE)


def program_from(days_ago: int, *, clinician, patient, slugs):
    """An active program of these catalogue exercises, at their catalogue dose, every day,
    started `days_ago` days before the patient's today."""
    start = local_today(patient) - datetime.timedelta(days=days_ago)
    exercises = Exercise.objects.in_bulk(slugs, field_name="slug")
    heel_pain = Condition.objects.get(slug="plantar-fasciitis")
    items = [
        services.default_dose(exercises[slug]) | {"exercise": exercises[slug]} for slug in slugs
    ]
    data = {
        "title": "Heel pain",
        "condition": heel_pain,
        "start_date": start,
        "end_date": None,
        "status": ProgramStatus.ACTIVE,
        "pain_limit": 5,
    }
    return services.create_program(
        clinician=clinician, patient=patient, data=data, items=items, today=start
    )


@pytest.fixture
def caseload(catalogue, alice, bob):
    """Bob, three mornings at 2/10 behind him; Cleo, who has not logged for five days."""
    cleo = PatientFactory(
        clinic=alice.clinic, email="cleo@patients.test", full_name="Cleo Park", care_team=[alice]
    )
    program_from(5, clinician=alice, patient=cleo, slugs=["plantar-fascia-stretch"])
    program = program_from(
        3, clinician=alice, patient=bob, slugs=["heel-raise-double", "plantar-fascia-stretch"]
    )
    for n in range(1, 4):
        day = local_today(bob) - datetime.timedelta(days=n)
        SessionLogFactory(program=program, date=day, morning_pain=2, exercise_pain=2)
    return program


def both_sizes(page, name: str) -> None:
    """Screenshots of the page as it is, on the phone and on a desktop."""
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        screenshot(page, f"{name}-{size}")


def test_a_flare_ends_in_a_smaller_dose_for_the_exercise_that_hurt(
    phone, desktop, caseload, alice, bob
):
    sign_in(phone, bob.email, PASSWORD)
    # The morning question is the condition's own: first steps for plantar heel pain.
    phone.get_by_role("group", name=FIRST_STEPS).get_by_text("6", exact=True).click()
    choose(phone, "Worst pain during the exercises", "2")
    phone.get_by_role("button", name="Save today's log").click()
    advice = phone.get_by_role("status").filter(has_text="well above your usual")
    expect(advice).to_contain_text(re.compile(r"first-step pain .*6/10"))
    expect(advice).to_contain_text("well above your usual of about 2/10")
    expect(advice).to_contain_text("keep the next session the same or make it a little easier")
    question = phone.get_by_role("form", name="Which exercise hurt most?")
    expect(question.get_by_role("button")).to_have_count(2)
    assert_page_works(phone)
    both_sizes(phone, "patient-flare-advice")
    phone.set_viewport_size(PHONE)
    question.get_by_role("button", name=HEEL_RAISE).click()
    expect(
        phone.get_by_text(f"Your clinician will see that “{HEEL_RAISE}” hurt most.")
    ).to_be_visible()
    expect(question.get_by_role("button", name=HEEL_RAISE)).to_have_attribute(
        "aria-pressed", "true"
    )

    sign_in(desktop, alice.email, PASSWORD)
    rows = desktop.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Bob Hughes")
    expect(rows.nth(1)).to_contain_text(
        re.compile(
            r"Flare the next morning\s+.*6/10 the morning after a session "
            r"\(usually about 2(\.0)?/10; limit 5/10\)"
        )
    )
    expect(rows.nth(2)).to_contain_text("Cleo Park")
    rows.nth(1).get_by_role("link", name="Bob Hughes").click()

    decision = desktop.get_by_role("region", name="Needs a decision")
    expect(decision).to_contain_text(f"for {HEEL_RAISE} (3 sets of 15)")
    expect(decision).to_contain_text("(a flare the next morning)")
    assert_page_works(desktop, "clinician-report-suggestions")
    decision.get_by_role("link", name="Smaller dose: 3 sets of 12").click()
    expect(desktop.get_by_role("heading", name="Smaller dose: 3 sets of 12")).to_be_visible()
    expect(
        desktop.get_by_text(f"{HEEL_RAISE}: 3 sets of 15, once a day, every day")
    ).to_be_visible()
    expect(
        desktop.get_by_text(f"{HEEL_RAISE}: 3 sets of 12, once a day, every day")
    ).to_be_visible()
    assert_page_works(desktop)
    both_sizes(desktop, "clinician-suggestion-confirm")
    desktop.set_viewport_size(DESKTOP)
    desktop.get_by_role("button", name="Apply this change").click()
    expect(
        desktop.get_by_text(f"{HEEL_RAISE} is now 3 sets of 12, once a day, every day, from today.")
    ).to_be_visible()
    expect(decision.get_by_role("link", name=re.compile("Smaller dose"))).to_have_count(0)
    assert_page_works(desktop)

    desktop.goto(f"/programs/{caseload.pk}/")
    exercises = desktop.get_by_role("heading", name="Exercises").locator(
        "xpath=following-sibling::ol[1]"
    )
    expect(exercises.get_by_role("listitem")).to_have_count(2)
    heel_raise = exercises.get_by_role("listitem").filter(has_text=HEEL_RAISE)
    expect(heel_raise).to_have_count(1)
    expect(heel_raise).to_contain_text("3 sets of 12, once a day, every day")
    expect(heel_raise).to_contain_text("This dose since")
    assert_page_works(desktop)

    current = Prescription.objects.filter(program=caseload, valid_until__isnull=True)
    assert sorted(current.values_list("name", "reps", "weekdays")) == [
        (HEEL_RAISE, 12, ALL_WEEKDAYS),
        (STRETCH, None, ALL_WEEKDAYS),
    ]
    assert (
        SessionLog.objects.get(program=caseload, date=local_today(bob)).hardest.name == HEEL_RAISE
    )
