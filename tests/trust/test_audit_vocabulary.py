"""The audit trail's one vocabulary: one spelling, a label for the clinic admin, and a
sentence for the patient wherever someone else's action shows on their access log."""

import re

import pytest

from accounts import audit
from accounts.audit_actions import PATIENT_PHRASES, AuditAction
from accounts.models import AuditEvent

# The actions that never show on a patient's access log: they concern no patient, or only
# the patient themself (the page lists other people), or they are refusals (not listed).
# A new action goes either here or into PATIENT_PHRASES: this test makes someone decide.
NOT_ON_ACCESS_LOG = {
    AuditAction.SESSION_STARTED,
    AuditAction.SESSION_ENDED,
    AuditAction.SESSION_EXPIRED,
    AuditAction.SESSION_REVOKED,
    AuditAction.LOGIN_FAILED,
    AuditAction.TWO_FACTOR_SET_UP,
    AuditAction.TWO_FACTOR_VERIFIED,
    AuditAction.TWO_FACTOR_FAILED,
    AuditAction.ACCESS_REFUSED_ROLE,
    AuditAction.ACCESS_REFUSED_OBJECT,
    AuditAction.AUDIT_TRAIL_VIEWED,
    AuditAction.ADMIN_RECORDS_LISTED,
    AuditAction.AUDIT_TRAIL_EXPORTED,
    AuditAction.ACCESS_LOG_VIEWED,
    AuditAction.CLINICIAN_ADDED,
    AuditAction.STAFF_DEACTIVATED,
    AuditAction.STAFF_REACTIVATED,
    AuditAction.STAFF_ROLE_CHANGED,
    AuditAction.CLINIC_SETTINGS_CHANGED,
    AuditAction.API_TOKEN_CREATED,
    AuditAction.API_TOKEN_REVOKED,
    AuditAction.FHIR_API_REFUSED,
    AuditAction.PATIENT_LIST_VIEWED,
    AuditAction.INVITATION_USED,
    AuditAction.INVITATION_REFUSED,
    AuditAction.EXERCISE_CREATED,
    AuditAction.EXERCISE_EDITED,
    AuditAction.EXERCISE_ARCHIVED,
    AuditAction.EXERCISE_RESTORED,
    AuditAction.PROGRAM_LIST_VIEWED,
    AuditAction.TEMPLATE_LIST_VIEWED,
    AuditAction.TEMPLATE_EDITOR_VIEWED,
    AuditAction.TEMPLATE_UPDATED,
    AuditAction.TEMPLATE_ARCHIVED,
    AuditAction.TEMPLATE_RESTORED,
    AuditAction.TODAY_VIEWED,
    AuditAction.LOG_FORM_VIEWED,
    AuditAction.LOG_SAVED,
    AuditAction.LOG_REFUSED,
    AuditAction.HISTORY_VIEWED,
    AuditAction.ACCOUNT_VIEWED,
    AuditAction.TIME_ZONE_SAVED,
    AuditAction.TIME_ZONE_REFUSED,
    AuditAction.OWN_HANDOUT_DOWNLOADED,
    AuditAction.OWN_HANDOUT_VIEWED,
    AuditAction.CHECK_IN_VIEWED,
    AuditAction.CHECK_IN_ANSWERED,
    AuditAction.CHECK_IN_REFUSED,
    AuditAction.CHECK_IN_RESULT_VIEWED,
    AuditAction.CONDITION_GUIDE_VIEWED,
    AuditAction.CASELOAD_VIEWED,
    AuditAction.CASELOAD_EXPORTED,
    # The patient's own reminders and calendar link; a refused message was never sent.
    AuditAction.REMINDER_SETTINGS_VIEWED,
    AuditAction.REMINDER_SETTINGS_SAVED,
    AuditAction.REMINDER_SETTINGS_REFUSED,
    AuditAction.REMINDERS_UNSUBSCRIBED,
    AuditAction.CALENDAR_LINK_CREATED,
    AuditAction.CALENDAR_LINK_REVOKED,
    AuditAction.MESSAGE_REFUSED,
    # The patient's own questionnaires.
    AuditAction.OUTCOMES_VIEWED,
    AuditAction.OUTCOME_PAGE_VIEWED,
    AuditAction.OUTCOME_PAGE_SAVED,
    AuditAction.OUTCOME_COMPLETED,
    AuditAction.OUTCOME_REFUSED,
}


@pytest.mark.parametrize("action", list(AuditAction), ids=str)
def test_every_action_has_one_spelling_and_a_label(action):
    assert re.fullmatch(r"[a-z_]+\.[a-z_]+", action.value), "spelled object.past_tense_verb"
    assert len(action.value) <= AuditEvent._meta.get_field("action").max_length
    assert action.label and action.label != action.value
    assert action.label[0].isupper()


def test_no_two_actions_share_a_label():
    labels = [action.label for action in AuditAction]
    assert len(labels) == len(set(labels))


def test_every_action_is_on_the_access_log_with_a_phrase_or_deliberately_not():
    assert set(PATIENT_PHRASES) | NOT_ON_ACCESS_LOG == set(AuditAction)
    assert not set(PATIENT_PHRASES) & NOT_ON_ACCESS_LOG
    for action, phrase in PATIENT_PHRASES.items():
        # The end of "Alice Moreau, your clinician, …": lower case, no code, no full stop.
        assert phrase[0].islower() and "." not in phrase and "_" not in phrase, action


def test_an_event_reads_as_its_label_and_as_a_sentence(bob, alice):
    event = audit.record(None, AuditAction.PROGRAM_VIEWED, patient=bob, user=alice)
    assert event.action_label == "Viewed a program"
    assert event.patient_sentence == "Alice Moreau, your clinician, opened your program"


def test_a_row_older_than_the_vocabulary_keeps_its_raw_code(bob, alice):
    event = AuditEvent(action="view_program", patient=bob, user=alice, role="clinician")
    assert event.action_label == "view_program"
    assert event.patient_sentence == "Alice Moreau, your clinician, used your record (view_program)"


@pytest.mark.parametrize("action", ["program.viewed", "view_program", "", None])
def test_record_refuses_anything_but_an_audit_action(bob, action):
    with pytest.raises(TypeError, match="AuditAction"):
        audit.record(None, action, patient=bob)
    assert not AuditEvent.objects.exists()
