"""The weekly red-flag check-in: when it is due, what answering stores, what a "yes" raises,
the patient's pages, Today's prompt, and the clinician's caseload and report."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.logs.check_in import check_in_due, question_key, save_check_in
from programs.models import Flag, FlagKind, ProgramStatus, RedFlagCheckIn
from tests import factories
from tests.factories import sign_in_as
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day
from tests.programs.test_flags import live, progress_program

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
rx = log_support.rx

NUMBNESS = "Numbness or tingling in the foot."
FALL = "Heel pain that started with a fall or a sudden snap."
NIGHT = "Pain at night that wakes you up."
URL = "/my/check-in/"


@pytest.fixture
def heel_pain(db):
    return factories.ConditionFactory(name="Plantar heel pain", red_flags=[NUMBNESS, FALL, NIGHT])


@pytest.fixture
def logging_program(bob, alice, heel_pain):
    """Bob's active program for heel pain, running for 90 days."""
    return factories.ProgramFactory(
        patient=bob, prescriber=alice, start_date=days_ago(90), condition=heel_pain
    )


def answers(**chosen) -> dict:
    """POST data: numbness, fall, night → "yes"/"no"; a question left out is unanswered."""
    questions = {"numbness": NUMBNESS, "fall": FALL, "night": NIGHT}
    return {question_key(questions[name]): value for name, value in chosen.items()}


def all_no() -> dict:
    return answers(numbness="no", fall="no", night="no")


# When it is due.


def test_it_is_due_with_an_active_program_for_a_condition_with_red_flags(
    bob, logging_program, frozen
):
    assert check_in_due(bob, TODAY)


@pytest.mark.parametrize(("answered", "due"), [(0, False), (6, False), (7, True), (30, True)])
def test_it_is_due_again_seven_days_after_the_last_answer(
    bob, logging_program, heel_pain, frozen, answered, due
):
    factories.RedFlagCheckInFactory(patient=bob, condition=heel_pain, date=days_ago(answered))
    assert check_in_due(bob, TODAY) is due


@pytest.mark.parametrize("status", [ProgramStatus.PAUSED, ProgramStatus.COMPLETED])
def test_it_is_not_due_without_an_active_program(bob, logging_program, frozen, status):
    factories.change_status(logging_program, status, today=TODAY)
    assert not check_in_due(bob, TODAY)


def test_it_is_not_due_when_the_condition_has_no_red_flags(bob, alice, frozen):
    quiet = factories.ConditionFactory(red_flags=[])
    factories.ProgramFactory(patient=bob, prescriber=alice, condition=quiet)
    assert not check_in_due(bob, TODAY)


def test_it_is_not_due_without_any_condition(bob, alice, frozen):
    factories.ProgramFactory(patient=bob, prescriber=alice, condition=None)
    assert not check_in_due(bob, TODAY)


def test_the_profile_condition_comes_before_the_programs(bob, logging_program, frozen):
    bob.patient_profile.condition = factories.ConditionFactory(red_flags=["Fever"])
    bob.patient_profile.save()
    saved = save_check_in(patient=bob, answers={"Fever": False}, today=TODAY)
    assert saved.check_in.answers == [{"question": "Fever", "yes": False}]


# What answering stores and raises.


def test_it_saves_every_answer_in_the_order_asked(bob, logging_program, heel_pain, frozen):
    saved = save_check_in(
        patient=bob, answers={NIGHT: False, NUMBNESS: False, FALL: False}, today=TODAY
    )
    check_in = RedFlagCheckIn.objects.get()
    assert saved.created and check_in == saved.check_in
    assert (check_in.patient, check_in.condition, check_in.date) == (bob, heel_pain, TODAY)
    assert [answer["question"] for answer in check_in.answers] == [NUMBNESS, FALL, NIGHT]
    assert check_in.any_yes is False


def test_all_no_raises_no_flag(bob, logging_program, frozen):
    save_check_in(patient=bob, answers={NUMBNESS: False, FALL: False, NIGHT: False}, today=TODAY)
    assert not Flag.objects.exists()


def test_a_yes_raises_a_red_flag_naming_the_symptoms_and_the_day(bob, logging_program, frozen):
    saved = save_check_in(
        patient=bob, answers={NUMBNESS: True, FALL: False, NIGHT: True}, today=TODAY
    )
    flag = Flag.objects.get()
    assert flag == saved.flag
    assert (flag.patient, flag.program, flag.kind, flag.raised_on) == (
        bob,
        logging_program,
        FlagKind.RED_FLAG,
        TODAY,
    )
    assert flag.reason == (
        "Answered yes in the weekly check-in on Fri 20 Nov 2026: numbness or tingling in the foot; "
        "pain at night that wakes you up."
    )
    assert flag.acknowledged_at is None


def test_a_yes_without_a_program_raises_a_flag_on_none(bob, frozen):
    bob.patient_profile.condition = factories.ConditionFactory(red_flags=[NUMBNESS])
    bob.patient_profile.save()
    save_check_in(patient=bob, answers={NUMBNESS: True}, today=TODAY)
    assert Flag.objects.get().program is None


def test_a_second_answer_the_same_day_keeps_the_first(bob, logging_program, frozen):
    first = save_check_in(
        patient=bob, answers={NUMBNESS: True, FALL: False, NIGHT: False}, today=TODAY
    )
    second = save_check_in(
        patient=bob, answers={NUMBNESS: False, FALL: True, NIGHT: True}, today=TODAY
    )
    assert not second.created and second.check_in == first.check_in
    assert RedFlagCheckIn.objects.get().yes_answers == [NUMBNESS]
    assert Flag.objects.count() == 1


@pytest.mark.parametrize(
    "posted",
    [
        {NUMBNESS: False, FALL: False},  # one left out
        {NUMBNESS: False, FALL: False, NIGHT: False, "Something else": True},
        {NUMBNESS: False, FALL: False, "Pain at night.": False},  # edited on the way
    ],
)
def test_answers_to_other_questions_are_refused(bob, logging_program, frozen, posted):
    with pytest.raises(ValidationError):
        save_check_in(patient=bob, answers=posted, today=TODAY)
    assert not RedFlagCheckIn.objects.exists()


# The patient's pages.


def test_it_asks_each_red_flag_as_an_accessible_yes_no_pair(client, bob, logging_program, frozen):
    client.force_login(bob)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == 3
    for question in (NUMBNESS, FALL, NIGHT):
        assert f"<legend>{question}</legend>" in html
        name = question_key(question)
        assert html.count(f'name="{name}"') == 2
        assert f'<input type="radio" name="{name}" value="yes"' in html
    assert "In the last week, have you noticed any of these?" in html
    event = AuditEvent.objects.filter(user=bob).latest("id")
    assert (event.action, event.patient_id) == (AuditAction.CHECK_IN_VIEWED, bob.pk)


def test_a_yes_leads_to_the_doctor_advice_with_the_clinics_contact(
    client, bob, logging_program, frozen
):
    northside = bob.clinic
    northside.phone, northside.contact_email = "020 7946 0123", "desk@northside.example"
    northside.save()
    client.force_login(bob)
    response = client.post(URL, answers(numbness="yes", fall="no", night="no"))
    check_in = RedFlagCheckIn.objects.get()
    assert response.status_code == 302
    assert response.url == f"/my/check-in/{check_in.pk}/"

    html = client.get(response.url).content.decode()
    assert "Please contact a doctor today" in html
    assert "contact your GP (family doctor) today" in html
    assert "If it is severe, or it came on suddenly, call the emergency number now." in html
    assert f"<li>{NUMBNESS}</li>" in html and FALL not in html
    assert 'href="tel:02079460123"' in html and "Call 020 7946 0123" in html
    assert 'href="mailto:desk@northside.example"' in html
    # Kept apart from load advice: no word of pain limits or easier sessions.
    assert "limit" not in html and "easier" not in html
    actions = list(
        AuditEvent.objects.filter(user=bob, action__startswith="check_in")
        .order_by("id")
        .values_list("action", "object_id")
    )
    assert actions == [
        (AuditAction.CHECK_IN_ANSWERED, str(check_in.pk)),
        (AuditAction.CHECK_IN_RESULT_VIEWED, str(check_in.pk)),
    ]


def test_the_advice_leaves_out_contact_details_the_clinic_has_not_set(
    client, bob, logging_program, frozen
):
    bob.clinic.phone = bob.clinic.contact_email = ""
    bob.clinic.save()
    client.force_login(bob)
    response = client.post(URL, answers(numbness="yes", fall="no", night="no"), follow=True)
    html = response.content.decode()
    assert "Please contact a doctor today" in html
    assert 'href="tel:' not in html and 'href="mailto:' not in html
    assert "Your clinic:" not in html


def test_all_no_thanks_the_patient_and_goes_back_to_today(client, bob, logging_program, frozen):
    client.force_login(bob)
    response = client.post(URL, all_no(), follow=True)
    assert response.redirect_chain == [("/today/", 302)]
    html = response.content.decode()
    assert "Thank you for answering. We&#x27;ll ask you again in a week." in html
    assert "Your weekly check-in" not in html  # the prompt has gone
    assert not Flag.objects.exists()
    assert RedFlagCheckIn.objects.get().any_yes is False


def test_a_double_post_keeps_one_check_in(client, bob, logging_program, frozen):
    client.force_login(bob)
    client.post(URL, answers(numbness="yes", fall="no", night="no"))
    response = client.post(URL, all_no(), follow=True)
    check_in = RedFlagCheckIn.objects.get()
    assert check_in.any_yes and Flag.objects.count() == 1
    assert response.redirect_chain == [(f"/my/check-in/{check_in.pk}/", 302)]
    assert "your first answers are kept" in response.content.decode()


def test_a_missing_answer_shows_the_error_summary_and_keeps_the_answers(
    client, bob, logging_program, frozen
):
    client.force_login(bob)
    response = client.post(URL, answers(numbness="yes"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Your weekly check-in" in html
    summary = html[html.index('class="alert alert-danger error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "There is a problem" in summary
    links = re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        (f"id_{question_key(FALL)}_0", f"Choose yes or no for “{FALL}”"),
        (f"id_{question_key(NIGHT)}_0", f"Choose yes or no for “{NIGHT}”"),
    ]
    for anchor, _message in links:
        assert f'id="{anchor}"' in html  # each link lands on its question's first choice
    assert html.count('class="invalid-feedback d-block fw-semibold mb-2"') == 2
    assert f'aria-describedby="id_{question_key(FALL)}_error"' in html
    # The answer given is kept.
    assert re.search(rf'name="{question_key(NUMBNESS)}" value="yes"[^>]* checked', html)
    assert not RedFlagCheckIn.objects.exists() and not Flag.objects.exists()
    assert AuditEvent.objects.filter(user=bob).latest("id").action == AuditAction.CHECK_IN_REFUSED


def test_an_answer_other_than_yes_or_no_is_an_error(client, bob, logging_program, frozen):
    client.force_login(bob)
    response = client.post(URL, answers(numbness="maybe", fall="no", night="no"))
    assert response.status_code == 200
    assert f"Choose yes or no for “{NUMBNESS}”" in response.content.decode()
    assert not RedFlagCheckIn.objects.exists()


def test_a_forged_question_list_is_refused(client, bob, logging_program, frozen):
    client.force_login(bob)
    forged = all_no() | {question_key("Do you feel fine?"): "no"}
    response = client.post(URL, forged)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The questions have changed since this page was opened" in html
    assert not RedFlagCheckIn.objects.exists() and not Flag.objects.exists()


def test_answering_again_the_same_day_says_so(client, bob, logging_program, heel_pain, frozen):
    check_in = factories.RedFlagCheckInFactory(patient=bob, condition=heel_pain, date=TODAY)
    client.force_login(bob)
    html = client.get(URL).content.decode()
    assert "You have already answered the check-in today" in html
    assert f'href="/my/check-in/{check_in.pk}/"' in html
    assert "<fieldset" not in html


def test_without_questions_there_is_nothing_to_answer(client, bob, frozen):
    client.force_login(bob)
    assert "There are no check-in questions for you" in client.get(URL).content.decode()
    response = client.post(URL, {question_key(NUMBNESS): "yes"})
    assert response.status_code == 302 and response.url == "/today/"
    assert not RedFlagCheckIn.objects.exists()


def test_an_all_no_check_in_reads_as_a_thank_you(client, bob, heel_pain, frozen):
    check_in = factories.RedFlagCheckInFactory(
        patient=bob,
        condition=heel_pain,
        answers=[{"question": NUMBNESS, "yes": False}],
    )
    client.force_login(bob)
    html = client.get(f"/my/check-in/{check_in.pk}/").content.decode()
    assert '<h1 class="h3">Thank you</h1>' in html and "contact a doctor today" not in html


def test_another_patients_check_in_is_not_found(client, bob, dana, heel_pain):
    check_in = factories.RedFlagCheckInFactory(patient=dana, condition=heel_pain)
    client.force_login(bob)
    assert client.get(f"/my/check-in/{check_in.pk}/").status_code == 404


@pytest.mark.parametrize("person", ["alice", "nora"])
def test_it_is_for_patients_only(client, request, logging_program, frozen, person):
    sign_in_as(client, request.getfixturevalue(person))
    assert client.post(URL, all_no()).status_code == 403
    assert not RedFlagCheckIn.objects.exists()


def test_it_refuses_other_methods(client, bob, logging_program, frozen):
    client.force_login(bob)
    assert client.put(URL).status_code == 405
    check_in = factories.RedFlagCheckInFactory(patient=bob)
    assert client.post(f"/my/check-in/{check_in.pk}/").status_code == 405


# Today's prompt.


def test_today_prompts_for_the_check_in_when_it_is_due(client, bob, logging_program, rx, frozen):
    client.force_login(bob)
    html = client.get("/today/").content.decode()
    assert "Your weekly check-in" in html and 'href="/my/check-in/"' in html
    # Near the top: before the day's log form.
    assert html.index('href="/my/check-in/"') < html.index('class="daily-log"')


def test_today_has_no_prompt_on_an_earlier_day_or_once_answered(
    client, bob, logging_program, rx, heel_pain, frozen
):
    client.force_login(bob)
    assert 'href="/my/check-in/"' not in client.get(f"/today/?date={days_ago(1)}").content.decode()
    factories.RedFlagCheckInFactory(patient=bob, condition=heel_pain, date=days_ago(3))
    assert 'href="/my/check-in/"' not in client.get("/today/").content.decode()


@pytest.mark.parametrize("answered", [None, 3])
def test_todays_prompt_costs_one_query(
    client, bob, logging_program, rx, heel_pain, frozen, django_assert_num_queries, answered
):
    for n in range(2):
        log_day(logging_program, days_ago(n), times=1, prescription=rx)
    if answered is not None:
        factories.RedFlagCheckInFactory(patient=bob, condition=heel_pain, date=days_ago(answered))
    client.force_login(bob)
    # Today's (tests/programs/test_today_pages.py), and whether a check-in was answered
    # in the last seven days.
    with django_assert_num_queries(13):  # with the audit row's seal
        assert client.get("/today/").status_code == 200
    # None when there is nothing to ask.
    heel_pain.red_flags = []
    heel_pain.save()
    with django_assert_num_queries(12):
        assert client.get("/today/").status_code == 200


# The clinician's side.


def red_pain_patient(alice):
    """Cleo, whose pain during exercise went above her limit yesterday (a red pain flag)."""
    cleo = factories.PatientFactory(clinic=alice.clinic, full_name="Cleo Park", care_team=[alice])
    program = factories.ProgramFactory(patient=cleo, prescriber=alice, start_date=days_ago(20))
    factories.FlagFactory(program=program, kind=FlagKind.RED_PAIN, raised_on=days_ago(1))
    return cleo


def caseload_queries(client) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/caseload/")
        assert response.status_code == 200
    return response, len(queries)


def test_the_caseload_puts_a_red_flag_symptom_first_with_its_reason(
    client, alice, bob, logging_program, frozen
):
    red_pain_patient(alice)
    factories.logged_patients(clinician=alice, count=3, days=5, today=TODAY)
    client.force_login(alice)
    before, queries_before = caseload_queries(client)
    assert before.context["page"].rows[0].full_name == "Cleo Park"

    save_check_in(patient=bob, answers={NUMBNESS: False, FALL: True, NIGHT: False}, today=TODAY)
    response, queries = caseload_queries(client)
    rows = response.context["page"].rows
    assert [row.full_name for row in rows[:2]] == ["Bob Hughes", "Cleo Park"]
    flag = rows[0].flags[0]
    assert (flag.kind, flag.severity, flag.is_urgent) == (FlagKind.RED_FLAG, "medical", True)
    html = response.content.decode()
    assert "Red-flag symptom · told to see a doctor" in html
    assert (
        "Answered yes in the weekly check-in on Fri 20 Nov 2026: heel pain that started with a "
        "fall or a sudden snap." in html
    )
    assert queries == queries_before <= 9  # with the audit row's seal


def test_the_caseload_filters_by_the_red_flag_kind(client, alice, bob, logging_program, frozen):
    red_pain_patient(alice)
    save_check_in(patient=bob, answers={NUMBNESS: True, FALL: False, NIGHT: False}, today=TODAY)
    client.force_login(alice)
    response = client.get("/caseload/", {"flag": FlagKind.RED_FLAG})
    assert [row.full_name for row in response.context["page"].rows] == ["Bob Hughes"]


def test_an_acknowledged_red_flag_no_longer_sorts_first(
    client, alice, bob, logging_program, frozen
):
    red_pain_patient(alice)
    saved = save_check_in(
        patient=bob, answers={NUMBNESS: True, FALL: False, NIGHT: False}, today=TODAY
    )
    client.force_login(alice)
    response = client.post(
        f"/flags/{saved.flag.pk}/acknowledge/", {"note": "Phoned Bob: GP seen, nerve check."}
    )
    assert response.status_code == 302
    rows = client.get("/caseload/").context["page"].rows
    assert rows[0].full_name == "Cleo Park"
    assert "· acknowledged" in client.get("/caseload/").content.decode()


def test_the_report_asks_for_a_decision_on_it(client, alice, bob, logging_program, frozen):
    saved = save_check_in(
        patient=bob, answers={NUMBNESS: True, FALL: False, NIGHT: False}, today=TODAY
    )
    client.force_login(alice)
    response = client.get(f"/patients/{bob.pk}/report/")
    to_decide = response.context["report"].to_decide
    assert [flag.kind for flag in to_decide] == [FlagKind.RED_FLAG]
    html = response.content.decode()
    assert f'action="/flags/{saved.flag.pk}/acknowledge/"' in html
    assert "numbness or tingling in the foot" in html


def test_no_progress_is_offered_while_a_red_flag_symptom_is_open(bob, alice):
    program = factories.ProgramFactory(patient=bob, prescriber=alice, pain_limit=5)
    progress_program(program, done=100, pain=1)
    assert FlagKind.PROGRESS in live(program)
    today = local_today(bob)
    bob.patient_profile.condition = factories.ConditionFactory(red_flags=[NUMBNESS])
    bob.patient_profile.save()
    save_check_in(patient=bob, answers={NUMBNESS: True}, today=today)
    assert FlagKind.PROGRESS not in live(program)
