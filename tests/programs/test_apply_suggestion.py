"""Applying a suggestion from the report: shown first (GET), applied on confirmation (POST),
audited, and refused with nothing saved when stale or forged."""

import datetime

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ALL_WEEKDAYS, FlagKind, Prescription, ProgramChange
from programs.review.suggestions import Kind
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
MON_WED_FRI = 0b0010101


@pytest.fixture
def plan(alice, bob, today):
    return factories.ProgramFactory(prescriber=alice, patient=bob, start_date=today - 28 * DAY)


@pytest.fixture
def double(db):
    seated = factories.ExerciseFactory(
        name="Seated heel raise", default_reps=15, default_hold_seconds=None
    )
    single = factories.ExerciseFactory(
        name="Single-leg heel raise",
        default_reps=12,
        default_hold_seconds=None,
        default_days_per_week=3,
        min_rest_days=1,
    )
    return factories.ExerciseFactory(
        name="Heel raise on both legs",
        default_reps=15,
        default_hold_seconds=None,
        progression=single,
        regression=seated,
    )


@pytest.fixture
def item(plan, double):
    return factories.PrescriptionFactory(
        program=plan,
        exercise=double,
        sets=3,
        reps=15,
        side="left",
        note="Hold the rail",
        load="5 kg backpack",
    )


@pytest.fixture
def hurt(plan, item, today):
    """Pain above the limit today, the patient naming the heel raise: a stored red flag."""
    factories.SessionLogFactory(program=plan, date=today, exercise_pain=8, hardest=item)
    factories.FlagFactory(program=plan, kind=FlagKind.RED_PAIN, raised_on=today)


def url(bob, item, kind):
    return f"/patients/{bob.pk}/suggestions/{item.pk}/{kind}/"


def token_of(response):
    return response.context["form"]["token"].value()


def current(plan):
    return list(plan.prescriptions.filter(valid_until__isnull=True))


def test_the_report_links_each_suggestion_to_its_confirm_page(as_alice, bob, item, hurt):
    page = as_alice.get(f"/patients/{bob.pk}/report/").content.decode()
    assert "Smaller dose: 3 sets of 12" in page and url(bob, item, Kind.SMALLER_DOSE) in page
    assert "Easier exercise: Seated heel raise" in page
    assert url(bob, item, Kind.EASIER_EXERCISE) in page


def test_it_shows_the_change_before_applying_it(as_alice, bob, item, hurt):
    response = as_alice.get(url(bob, item, Kind.SMALLER_DOSE))

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "<strong>Heel raise on both legs</strong>: 3 sets of 15, with 5 kg backpack, left side "
        "only, once a day, every day" in page
    )
    assert (
        "<strong>Heel raise on both legs</strong>: 3 sets of 12, with 5 kg backpack, left side "
        "only, once a day, every day" in page
    )
    assert "Apply this change" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.PROGRAM_EDITOR_VIEWED, patient=bob, object_id=str(item.program_id)
    ).exists()
    assert not ProgramChange.objects.exists()  # a GET changes nothing


def test_a_swap_is_shown_with_its_new_days(as_alice, bob, plan, item, double, today):
    factories.FlagFactory(program=plan, kind=FlagKind.PROGRESS, raised_on=today)

    page = as_alice.get(url(bob, item, Kind.HARDER_EXERCISE)).content.decode()

    assert "<strong>Single-leg heel raise</strong>: 3 sets of 12, with 5 kg backpack" in page
    assert "on Mon, Wed, Fri" in page
    assert "needs 1 rest day between sessions" in page
    assert "Note to the patient kept: “Hold the rail”" in page


def test_it_applies_the_smaller_dose_as_a_new_version(
    as_alice, alice, bob, plan, item, hurt, today
):
    token = token_of(as_alice.get(url(bob, item, Kind.SMALLER_DOSE)))

    response = as_alice.post(url(bob, item, Kind.SMALLER_DOSE), {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == f"/patients/{bob.pk}/report/"
    assert (
        "Heel raise on both legs is now 3 sets of 12, with 5 kg backpack, left side only, "
        "once a day, every day, from today."
    ) in response.content.decode()
    (new,) = current(plan)
    assert (new.series, new.reps, new.valid_from) == (item.series, 12, today)
    assert (new.side, new.note, new.load, new.weekdays) == (
        "left",
        "Hold the rail",
        "5 kg backpack",
        ALL_WEEKDAYS,
    )
    assert Prescription.objects.get(pk=item.pk).valid_until == today - DAY
    change = ProgramChange.objects.get(program=plan)
    assert change.changed_by == alice
    assert change.summary == (
        "Heel raise on both legs: 3 sets of 15, with 5 kg backpack → 3 sets of 12, with 5 kg "
        "backpack"
    )
    event = AuditEvent.objects.get(action=AuditAction.SUGGESTION_APPLIED)
    assert (event.user, event.patient, event.outcome) == (alice, bob, AuditEvent.Outcome.OK)
    # Applied: the change is made, nothing more is suggested for it.
    assert "Smaller dose" not in as_alice.get(f"/patients/{bob.pk}/report/").content.decode()


def test_it_applies_a_swap_without_duplicating_and_with_the_new_days(
    as_alice, bob, plan, item, hurt, today
):
    token = token_of(as_alice.get(url(bob, item, Kind.EASIER_EXERCISE)))

    as_alice.post(url(bob, item, Kind.EASIER_EXERCISE), {"token": token})

    (new,) = current(plan)
    assert (new.name, new.amount_text, new.weekdays) == (
        "Seated heel raise",
        "3 sets of 15, with 5 kg backpack",
        ALL_WEEKDAYS,
    )
    assert (new.side, new.note, new.order) == ("left", "Hold the rail", item.order)


def test_a_second_post_of_the_same_page_changes_nothing_more(as_alice, bob, plan, item, hurt):
    token = token_of(as_alice.get(url(bob, item, Kind.SMALLER_DOSE)))
    as_alice.post(url(bob, item, Kind.SMALLER_DOSE), {"token": token})

    response = as_alice.post(url(bob, item, Kind.SMALLER_DOSE), {"token": token}, follow=True)

    assert "That change was not made" in response.content.decode()
    assert [rx.reps for rx in current(plan)] == [12]
    assert ProgramChange.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "token"),
    [
        # A stale page: the change shown is not the one the rules would make now.
        (Kind.SMALLER_DOSE, "0" * 24),
        # A forged one: no progression while a red flag is open.
        (Kind.HARDER_EXERCISE, None),
        (Kind.LARGER_DOSE, "anything"),
    ],
)
def test_a_stale_or_forged_suggestion_is_refused_with_nothing_saved(
    as_alice, alice, bob, plan, item, hurt, kind, token
):
    if token is None:
        token = token_of(as_alice.get(url(bob, item, Kind.SMALLER_DOSE)))

    response = as_alice.post(url(bob, item, kind), {"token": token}, follow=True)

    assert "That change was not made" in response.content.decode()
    assert current(plan) == [item]
    assert not ProgramChange.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.SUGGESTION_APPLIED)
    assert event.outcome == AuditEvent.Outcome.FAILED


def test_a_change_made_since_the_page_was_shown_refuses_it(as_alice, alice, bob, plan, item, hurt):
    token = token_of(as_alice.get(url(bob, item, Kind.SMALLER_DOSE)))
    item.reps = 14  # the clinician edited the dose in the builder meanwhile
    item.save()

    as_alice.post(url(bob, item, Kind.SMALLER_DOSE), {"token": token})

    assert [rx.reps for rx in current(plan)] == [14]
    assert not ProgramChange.objects.exists()


def test_a_suggestion_no_longer_offered_says_so(as_alice, bob, item):
    response = as_alice.get(url(bob, item, Kind.SMALLER_DOSE))
    assert response.status_code == 200
    assert "This change is no longer suggested" in response.content.decode()
    assert response.context["form"] is None


def test_it_is_a_404_outside_the_patient_and_the_care_team(
    client, as_alice, bob, carlos, item, hurt
):
    other = factories.PrescriptionFactory()  # another patient's program
    assert as_alice.get(url(bob, other, Kind.SMALLER_DOSE)).status_code == 404
    assert as_alice.post(url(bob, other, Kind.SMALLER_DOSE), {"token": "x"}).status_code == 404
    assert as_alice.get(url(bob, item, "sideways")).status_code == 404
    client.force_login(carlos)
    assert client.get(url(bob, item, Kind.SMALLER_DOSE)).status_code == 404
    assert not ProgramChange.objects.exists()


def hurting(plan, today, *, count):
    """`count` exercises with a dose history, each named on its own red day."""
    for n in range(count):
        easier = factories.ExerciseFactory()
        exercise = factories.ExerciseFactory(
            regression=easier, progression=factories.ExerciseFactory()
        )
        earlier = factories.PrescriptionFactory(
            program=plan, exercise=exercise, reps=8, valid_until=today - 10 * DAY
        )
        item = factories.PrescriptionFactory(
            program=plan, exercise=exercise, series=earlier.series, valid_from=today - 9 * DAY
        )
        day = today - n * DAY
        factories.SessionLogFactory(program=plan, date=day, exercise_pain=8, hardest=item)
        factories.FlagFactory(program=plan, kind=FlagKind.RED_PAIN, raised_on=day)


def test_the_report_query_count_does_not_grow_with_suggestions(
    as_alice, alice, bob, plan, today, django_assert_max_num_queries
):
    hurting(plan, today, count=1)
    # 17: the report's 15, the pathway phase's lookup of the active program's template, and
    # the questionnaire scores.
    with django_assert_max_num_queries(18) as few:  # 17 and the audit row's seal
        page = as_alice.get(f"/patients/{bob.pk}/report/").content.decode()
    assert page.count("Smaller dose: ") == 1

    other = factories.ProgramFactory(prescriber=alice, patient=bob, start_date=plan.start_date)
    hurting(other, today, count=6)
    with django_assert_max_num_queries(len(few)):
        page = as_alice.get(f"/patients/{bob.pk}/report/").content.decode()
    assert page.count("Smaller dose: ") == 7
