"""The patient answering the questionnaires due: short pages, saved as they go, resumed where
left; the PSFS's own activities named once and rated again later; clear refusals that save
nothing; the missing-item rules; one audit row per request."""

import datetime
import re
from decimal import Decimal

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import Occasion, OutcomeAnswer, OutcomeResponse, OutcomeStatus
from tests import factories
from tests.programs.log_support import TODAY, days_ago, frozen_at

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with frozen_at(NOON):
        yield


@pytest.fixture
def heel(db):
    return factories.ConditionFactory(name="Plantar heel pain", body_region="foot_ankle")


@pytest.fixture
def program(bob, alice, heel):
    """Bob's heel program, started three days ago: its baseline is due."""
    return factories.ProgramFactory(
        patient=bob, prescriber=alice, condition=heel, start_date=days_ago(3)
    )


@pytest.fixture
def as_bob(client, bob):
    client.force_login(bob)
    return client


def page_url(program, instrument, due_on=None):
    due_on = due_on or program.start_date
    return f"/my/questionnaires/{program.pk}/{due_on.isoformat()}/{instrument}/"


def lefs_page(page: int, value="3", **overrides) -> dict:
    first = (page - 1) * 4 + 1
    return {"page": str(page)} | {f"item_{n}": value for n in range(first, first + 4)} | overrides


def actions(bob) -> list[str]:
    rows = AuditEvent.objects.filter(user=bob, category="outcomes").order_by("pk")
    return list(rows.values_list("action", flat=True))


def test_today_says_a_questionnaire_is_due_and_the_list_shows_the_three(as_bob, program):
    today = as_bob.get("/today/").content.decode()
    assert "A short questionnaire is due" in today
    page = as_bob.get(f"/my/questionnaires/{program.pk}/{days_ago(3).isoformat()}/")
    text = page.content.decode()
    assert "Patient-Specific Functional Scale" in text
    assert "Lower Extremity Functional Scale" in text
    assert "Foot and Ankle Ability Measure" in text
    assert text.count("Not started") == 3


def test_the_lefs_goes_four_items_a_page_and_resumes_where_left(as_bob, program, bob):
    first = as_bob.get(page_url(program, "LEFS")).content.decode()
    assert "Page 1 of 5" in first and "Today, do you or would you have any difficulty" in first
    assert "Any of your usual work, housework, or school activities." in first
    response = as_bob.post(page_url(program, "LEFS"), lefs_page(1))
    assert response.status_code == 302 and response.url.endswith("?page=2")
    saved = OutcomeResponse.objects.get(program=program, instrument="LEFS")
    assert (saved.status, saved.pages_done, saved.answers.count()) == ("in_progress", 1, 4)
    # Coming back later (no page asked) opens page 2, and page 1 keeps its answers.
    assert "Page 2 of 5" in as_bob.get(page_url(program, "LEFS")).content.decode()
    again = as_bob.get(page_url(program, "LEFS") + "?page=1").content.decode()
    assert re.search(r'name="item_1" value="3"[^>]*checked', again)
    assert not re.search(r'name="item_1" value="2"[^>]*checked', again)
    # A page not reached yet cannot be opened: it shows the page to go on with.
    assert "Page 2 of 5" in as_bob.get(page_url(program, "LEFS") + "?page=5").content.decode()


def test_finishing_the_lefs_scores_it_and_goes_to_the_first_one_left(as_bob, program):
    for page in range(1, 6):
        response = as_bob.post(page_url(program, "LEFS"), lefs_page(page, value="4"))
    assert response.url == page_url(program, "PSFS")
    saved = OutcomeResponse.objects.get(program=program, instrument="LEFS")
    assert (saved.status, saved.score, saved.occasion) == ("completed", 80, Occasion.BASELINE)
    assert saved.completed_at is not None and saved.patient == program.patient
    # A second post of the last page (a retry, another tab) changes nothing.
    as_bob.post(page_url(program, "LEFS"), lefs_page(5, value="0"))
    saved.refresh_from_db()
    assert saved.score == 80 and not saved.answers.filter(value=0).exists()


def test_an_unanswered_item_is_refused_with_its_name_and_nothing_is_saved(as_bob, program, bob):
    data = lefs_page(1)
    del data["item_3"]
    data["item_4"] = "7"  # not one of the answers
    response = as_bob.post(page_url(program, "LEFS"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose an answer for “Getting into or out of the bath.”, or skip it." in page
    assert "Choose an answer for “Walking between rooms.”, or skip it." in page
    assert not OutcomeResponse.objects.exists() and not OutcomeAnswer.objects.exists()
    assert actions(bob)[-1] == AuditAction.OUTCOME_REFUSED


def test_skipping_more_than_the_lefs_allows_keeps_it_open_and_says_where(as_bob, program):
    as_bob.post(page_url(program, "LEFS"), lefs_page(1, value="skip"))
    as_bob.post(page_url(program, "LEFS"), lefs_page(2, item_5="skip"))
    for page in range(3, 6):
        response = as_bob.post(page_url(program, "LEFS"), lefs_page(page))
    assert response.url.endswith("?page=5")
    saved = OutcomeResponse.objects.get(program=program, instrument="LEFS")
    assert saved.status == OutcomeStatus.IN_PROGRESS and saved.answers.count() == 15
    page = as_bob.get(response.url).content.decode()
    assert (
        "Please answer at least 16 of the 20 questions. You skipped questions on pages 1, 2."
        in (page)
    )
    # Answering one skipped item on page 1 and sending the last page again completes it.
    as_bob.post(page_url(program, "LEFS"), lefs_page(1, value="skip", item_1="2"))
    as_bob.post(page_url(program, "LEFS"), lefs_page(5))
    saved.refresh_from_db()
    assert saved.status == OutcomeStatus.COMPLETED
    assert saved.score == Decimal("58.8")  # (2 + 15 x 3) x 20 / 16, prorated over 4 skipped


def test_the_faam_keeps_not_applicable_apart_from_the_answers(as_bob, program):
    data = {"page": "1", "item_1": "na", "item_2": "4", "item_3": "skip"}
    assert as_bob.post(page_url(program, "FAAM_ADL"), data).status_code == 302
    answers = dict(OutcomeAnswer.objects.values_list("item", "value"))
    assert answers == {"1": None, "2": 4}
    page = as_bob.get(page_url(program, "FAAM_ADL") + "?page=1").content.decode()
    assert "Not applicable (N/A)" in page and "Skip this question" in page


def test_the_psfs_names_activities_one_a_page_until_no_more(as_bob, program):
    url = page_url(program, "PSFS")
    assert "Activity 1 of up to 5" in as_bob.get(url).content.decode()
    refused = as_bob.post(url, {"page": "1", "rating": "4"}).content.decode()
    assert "Name one activity you find hard because of your problem." in refused
    as_bob.post(url, {"page": "1", "activity": "Walking the dog", "rating": "4"})
    as_bob.post(url, {"page": "2", "activity": "Standing at work", "rating": "6"})
    page_3 = as_bob.get(url).content.decode()
    assert "Activity 3 of up to 5" in page_3 and "I have no more activities" in page_3
    response = as_bob.post(url, {"page": "3", "activity": "", "finish": "1"})
    assert response.url == page_url(program, "LEFS")
    saved = OutcomeResponse.objects.get(program=program, instrument="PSFS")
    assert (saved.status, saved.score, saved.pages_done) == ("completed", 5, 2)
    assert list(saved.answers.values_list("item", "value", "text")) == [
        ("activity_1", 4, "Walking the dog"),
        ("activity_2", 6, "Standing at work"),
    ]


def test_a_later_psfs_rates_the_same_activities_again(as_bob, bob, alice, heel):
    program = factories.ProgramFactory(
        patient=bob, prescriber=alice, condition=heel, start_date=days_ago(30)
    )
    factories.completed_outcome(
        program=program,
        instrument="PSFS",
        due_on=days_ago(30),
        answers={"activity_1": (2, "Walking the dog"), "activity_2": (3, "Standing at work")},
        occasion=Occasion.BASELINE,
    )
    url = page_url(program, "PSFS", due_on=days_ago(2))  # the 4-week follow-up
    first = as_bob.get(url).content.decode()
    assert "Page 1 of 2" in first and "How well can you do this today: “Walking the dog”?" in first
    assert 'name="activity"' not in first
    as_bob.post(url, {"page": "1", "rating": "6"})
    as_bob.post(url, {"page": "2", "rating": "7"})
    later = OutcomeResponse.objects.get(program=program, due_on=days_ago(2))
    assert (later.occasion, later.status, later.score) == ("follow_up", "completed", 6.5)
    assert list(later.answers.values_list("text", flat=True)) == [
        "Walking the dog",
        "Standing at work",
    ]


def test_a_completed_questionnaire_sends_back_to_the_list(as_bob, program):
    factories.completed_outcome(
        program=program,
        instrument="PSFS",
        due_on=days_ago(3),
        answers={"activity_1": (4, "Gardening")},
    )
    response = as_bob.get(page_url(program, "PSFS"))
    assert response.status_code == 302
    assert response.url == f"/my/questionnaires/{program.pk}/{days_ago(3).isoformat()}/"


def test_finishing_the_last_questionnaire_goes_back_to_today_with_thanks(as_bob, program):
    factories.completed_outcome(
        program=program, instrument="PSFS", due_on=days_ago(3), answers={"activity_1": (4, "Golf")}
    )
    factories.completed_outcome(
        program=program,
        instrument="LEFS",
        due_on=days_ago(3),
        answers={str(n): 4 for n in range(1, 21)},
    )
    url = page_url(program, "FAAM_ADL")
    for page in range(1, 8):
        first = (page - 1) * 3 + 1
        data = {"page": str(page)} | {f"item_{n}": "3" for n in range(first, first + 3)}
        response = as_bob.post(url, data)
    assert response.url == "/today/"
    assert OutcomeResponse.objects.get(instrument="FAAM_ADL").score == 75
    assert "A short questionnaire is due" not in as_bob.get("/today/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda p: page_url(p, "SPADI"),  # not one of a heel program's questionnaires
        lambda p: page_url(p, "PSFS", due_on=days_ago(2)),  # not a due date
        lambda p: page_url(p, "PSFS", due_on=TODAY + datetime.timedelta(days=25)),
        lambda p: f"/my/questionnaires/{p.pk}/not-a-date/",
    ],
)
def test_anything_not_due_today_is_a_404(as_bob, program, url):
    assert as_bob.get(url(program)).status_code == 404


def test_every_request_writes_one_audit_row_without_the_answers(as_bob, program, bob):
    as_bob.get(f"/my/questionnaires/{program.pk}/{days_ago(3).isoformat()}/")
    as_bob.get(page_url(program, "PSFS"))
    as_bob.post(page_url(program, "PSFS"), {"page": "1", "activity": "Dancing", "rating": "3"})
    as_bob.post(page_url(program, "PSFS"), {"page": "2", "finish": "1"})
    assert actions(bob) == [
        AuditAction.OUTCOMES_VIEWED,
        AuditAction.OUTCOME_PAGE_VIEWED,
        AuditAction.OUTCOME_PAGE_SAVED,
        AuditAction.OUTCOME_COMPLETED,
    ]
    assert not AuditEvent.objects.filter(object_id__icontains="Dancing").exists()


def test_another_patient_gets_a_404(client, dana, program):
    client.force_login(dana)
    assert client.get(page_url(program, "PSFS")).status_code == 404
    assert client.post(page_url(program, "PSFS"), {"page": "1"}).status_code == 404
