"""The audit trail's one vocabulary: every action is declared here, once.

A code is `object.past_tense_verb` (`program.viewed`, `log.saved`); it is what the row
stores, so a code never changes once released (rows are append-only). The label is what the
clinic admin reads on the audit trail. Rows written before this vocabulary keep their old
codes: they show the raw code where a label is unknown.
"""

from django.db import models


class AuditAction(models.TextChoices):
    # Signing in and out.
    SESSION_STARTED = "session.started", "Signed in"
    SESSION_ENDED = "session.ended", "Signed out"
    SESSION_EXPIRED = "session.expired", "Signed out: session timed out"
    SESSION_REVOKED = "session.revoked", "Signed out: account deactivated or removed"
    LOGIN_FAILED = "login.failed", "Sign-in failed"
    TWO_FACTOR_SET_UP = "two_factor.set_up", "Set up two-factor sign-in"
    TWO_FACTOR_VERIFIED = "two_factor.verified", "Confirmed sign-in with a two-factor code"
    TWO_FACTOR_FAILED = "two_factor.failed", "Two-factor code refused"
    ACCESS_REFUSED_ROLE = "access.refused_role", "Refused: page not for this role"
    ACCESS_REFUSED_OBJECT = "access.refused_object", "Refused: not found or out of reach"
    # The audit pages themselves.
    AUDIT_TRAIL_VIEWED = "audit_trail.viewed", "Viewed the audit trail"
    AUDIT_TRAIL_EXPORTED = "audit_trail.exported", "Downloaded the audit trail (CSV)"
    ACCESS_LOG_VIEWED = "access_log.viewed", "Viewed own access log"
    # The clinic's people and settings.
    CLINICIAN_ADDED = "clinician.added", "Added a clinician"
    STAFF_DEACTIVATED = "staff.deactivated", "Deactivated a staff member"
    STAFF_REACTIVATED = "staff.reactivated", "Reactivated a staff member"
    STAFF_ROLE_CHANGED = "staff.role_changed", "Changed a staff member's role"
    CLINIC_SETTINGS_CHANGED = "clinic_settings.changed", "Changed the clinic settings"
    CARE_TEAM_VIEWED = "care_team.viewed", "Viewed a patient's care team"
    CARE_TEAM_CHANGED = "care_team.changed", "Changed a patient's care team"
    # Patients' details and invitations.
    PATIENT_LIST_VIEWED = "patient_list.viewed", "Viewed the patient list"
    PATIENT_VIEWED = "patient.viewed", "Viewed a patient's details"
    PATIENT_ADDED = "patient.added", "Added a patient"
    PATIENT_EDITOR_VIEWED = "patient_editor.viewed", "Opened a patient's details to edit"
    PATIENT_EDITED = "patient.edited", "Changed a patient's details"
    HEALTH_SCREEN_VIEWED = "health_screen.viewed", "Opened a patient's health screen to edit"
    HEALTH_SCREEN_CHANGED = "health_screen.changed", "Checked a patient's health screen"
    INVITATION_SENT = "invitation.sent", "Sent an invitation link"
    INVITATION_NOT_NEEDED = "invitation.not_needed", "No new invitation: already joined"
    INVITATION_USED = "invitation.used", "Accepted an invitation"
    INVITATION_REFUSED = "invitation.refused", "Refused an invitation link"
    # Changes made in the Django admin (which field changed, never its value).
    ADMIN_USER_ADDED = "admin.user_added", "Added a user in the Django admin"
    ADMIN_ROLE_CHANGED = "admin.role_changed", "Changed a role in the Django admin"
    ADMIN_CLINIC_CHANGED = "admin.clinic_changed", "Changed a clinic in the Django admin"
    ADMIN_ACTIVE_CHANGED = "admin.active_changed", "Changed sign-in access in the Django admin"
    ADMIN_STAFF_CHANGED = "admin.staff_changed", "Changed staff status in the Django admin"
    ADMIN_SUPERUSER_CHANGED = "admin.superuser_changed", "Changed superuser status in the admin"
    # Care teams are chosen in the app now; the code stays for the rows that carry it.
    ADMIN_CARE_TEAM_CHANGED = "admin.care_team_changed", "Changed a care team in the Django admin"
    # Patient data is read-only in the Django admin, and every look at it is recorded.
    ADMIN_RECORDS_LISTED = "admin.records_listed", "Listed patient records in the Django admin"
    ADMIN_RECORD_VIEWED = "admin.record_viewed", "Opened a patient's record in the Django admin"
    # The exercise catalogue.
    EXERCISE_CREATED = "exercise.created", "Added a clinic exercise"
    EXERCISE_EDITED = "exercise.edited", "Changed a clinic exercise"
    EXERCISE_ARCHIVED = "exercise.archived", "Archived a clinic exercise"
    EXERCISE_RESTORED = "exercise.restored", "Restored a clinic exercise"
    # Programs and templates.
    PROGRAM_BUILDER_VIEWED = "program_builder.viewed", "Opened the builder for a new program"
    PROGRAM_CREATED = "program.created", "Created a program"
    PROGRAM_EDITOR_VIEWED = "program_editor.viewed", "Opened a program to edit"
    PROGRAM_UPDATED = "program.updated", "Changed a program"
    PROGRAM_VIEWED = "program.viewed", "Viewed a program"
    PROGRAM_LIST_VIEWED = "program_list.viewed", "Viewed own programs"
    HANDOUT_DOWNLOADED = "handout.downloaded", "Downloaded a program handout (PDF)"
    HANDOUT_VIEWED = "handout.viewed", "Opened a program handout to print"
    SUGGESTION_APPLIED = "suggestion.applied", "Applied a suggested exercise change"
    TEMPLATE_LIST_VIEWED = "template_list.viewed", "Viewed the program templates"
    TEMPLATE_CREATED = "template.created", "Saved a program as a template"
    TEMPLATE_EDITOR_VIEWED = "template_editor.viewed", "Opened a template to edit"
    TEMPLATE_UPDATED = "template.updated", "Changed a template"
    TEMPLATE_ARCHIVED = "template.archived", "Archived a template"
    TEMPLATE_RESTORED = "template.restored", "Restored a template"
    # The patient's daily log.
    TODAY_VIEWED = "today.viewed", "Viewed today's exercises"
    LOG_FORM_VIEWED = "log_form.viewed", "Opened the log of an earlier day"
    LOG_SAVED = "log.saved", "Saved a daily log"
    LOG_REFUSED = "log.refused", "Daily log not saved: form had errors"
    HISTORY_VIEWED = "history.viewed", "Viewed own history"
    # The patient's account page and their own handouts.
    ACCOUNT_VIEWED = "account.viewed", "Viewed own account page"
    TIME_ZONE_SAVED = "time_zone.saved", "Saved own time zone"
    TIME_ZONE_REFUSED = "time_zone.refused", "Time zone not saved: not one of the list"
    OWN_HANDOUT_DOWNLOADED = "own_handout.downloaded", "Downloaded own program handout (PDF)"
    OWN_HANDOUT_VIEWED = "own_handout.viewed", "Opened own program handout to print"
    # The patient's weekly red-flag check-in; the rows never say what was answered.
    CHECK_IN_VIEWED = "check_in.viewed", "Opened the weekly red-flag check-in"
    CHECK_IN_ANSWERED = "check_in.answered", "Answered the weekly red-flag check-in"
    CHECK_IN_REFUSED = "check_in.refused", "Red-flag check-in not saved: answers missing"
    CHECK_IN_RESULT_VIEWED = "check_in_result.viewed", "Viewed own red-flag check-in"
    CONDITION_GUIDE_VIEWED = "condition_guide.viewed", "Read about own condition"
    # Reminders, the calendar feed and messages (programs/engagement).
    REMINDER_SETTINGS_VIEWED = "reminder_settings.viewed", "Opened own reminder settings"
    REMINDER_SETTINGS_SAVED = "reminder_settings.saved", "Saved own reminder settings"
    REMINDER_SETTINGS_REFUSED = "reminder_settings.refused", "Reminder settings not saved: errors"
    REMINDERS_UNSUBSCRIBED = "reminders.unsubscribed", "Turned reminders off from an e-mail"
    CALENDAR_LINK_CREATED = "calendar_link.created", "Made own private calendar link"
    CALENDAR_LINK_REVOKED = "calendar_link.revoked", "Turned own calendar link off"
    CALENDAR_FEED_READ = "calendar_feed.read", "A patient's calendar link was read"
    MESSAGES_VIEWED = "messages.viewed", "Opened a patient's messages"
    MESSAGE_SENT = "message.sent", "Sent a message"
    MESSAGE_REFUSED = "message.refused", "Message not sent: refused"
    # The patient's outcome questionnaires (programs/outcomes); rows never hold the answers.
    OUTCOMES_VIEWED = "outcomes.viewed", "Opened the questionnaires due"
    OUTCOME_PAGE_VIEWED = "outcome_page.viewed", "Opened a questionnaire page"
    OUTCOME_PAGE_SAVED = "outcome_page.saved", "Saved a questionnaire page"
    OUTCOME_COMPLETED = "outcome.completed", "Completed a questionnaire"
    OUTCOME_REFUSED = "outcome.refused", "Questionnaire page not saved: errors"
    # Review.
    CASELOAD_VIEWED = "caseload.viewed", "Viewed the caseload"
    CASELOAD_EXPORTED = "caseload.exported", "Downloaded the caseload (CSV)"
    EXPORT_INCLUDED = "export.included", "A patient's row was in a downloaded caseload"
    REPORT_VIEWED = "report.viewed", "Viewed a patient's report"
    LOGS_EXPORTED = "logs.exported", "Downloaded a patient's logs (CSV)"
    FLAG_ACKNOWLEDGED = "flag.acknowledged", "Acknowledged a flag"
    OUTCOMES_EXPORTED = "outcomes.exported", "Downloaded a patient's questionnaire scores (CSV)"
    # The health record in FHIR (programs/fhir): the care team's download, the clinic's API
    # tokens, and each request an integration makes with one (the row names the token's id).
    FHIR_RECORD_DOWNLOADED = "fhir_record.downloaded", "Downloaded a patient's health record (FHIR)"
    API_TOKEN_CREATED = "api_token.created", "Created an API token"
    API_TOKEN_REVOKED = "api_token.revoked", "Revoked an API token"
    FHIR_API_READ = "fhir_api.read", "An integration read a patient's record (FHIR API)"
    FHIR_API_REFUSED = "fhir_api.refused", "Refused a FHIR API request"


# What another person did to a patient's record, as the patient reads it on "Who looked at my
# record": the end of "Alice Moreau, your clinician, …". Actions only the patient takes on
# their own record (saving a log) are absent: the page lists other people only.
PATIENT_PHRASES = {
    AuditAction.CARE_TEAM_VIEWED: "looked at your care team",
    AuditAction.CARE_TEAM_CHANGED: "changed your care team",
    AuditAction.PATIENT_VIEWED: "opened your details",
    AuditAction.PATIENT_ADDED: "added you to Stride",
    AuditAction.PATIENT_EDITOR_VIEWED: "opened your details to change them",
    AuditAction.PATIENT_EDITED: "changed your details",
    AuditAction.HEALTH_SCREEN_VIEWED: "opened your health screen to check it",
    AuditAction.HEALTH_SCREEN_CHANGED: "checked your health screen",
    AuditAction.INVITATION_SENT: "sent you an invitation link",
    AuditAction.INVITATION_NOT_NEEDED: "tried to send you a new invitation link (you had joined)",
    AuditAction.ADMIN_USER_ADDED: "added your account",
    AuditAction.ADMIN_ROLE_CHANGED: "changed your account's role",
    AuditAction.ADMIN_CLINIC_CHANGED: "changed your account's clinic",
    AuditAction.ADMIN_ACTIVE_CHANGED: "turned your sign-in on or off",
    AuditAction.ADMIN_STAFF_CHANGED: "changed your account's staff access",
    AuditAction.ADMIN_SUPERUSER_CHANGED: "changed your account's administrator access",
    AuditAction.ADMIN_CARE_TEAM_CHANGED: "changed your care team",
    AuditAction.EXPORT_INCLUDED: "downloaded a caseload list that included you",
    AuditAction.ADMIN_RECORD_VIEWED: "opened your record in Stride's administration pages",
    AuditAction.PROGRAM_BUILDER_VIEWED: "started a new program for you",
    AuditAction.PROGRAM_CREATED: "made a new program for you",
    AuditAction.PROGRAM_EDITOR_VIEWED: "opened your program to change it",
    AuditAction.PROGRAM_UPDATED: "changed your program",
    AuditAction.PROGRAM_VIEWED: "opened your program",
    AuditAction.HANDOUT_DOWNLOADED: "downloaded your program handout",
    AuditAction.HANDOUT_VIEWED: "opened your program handout to print",
    AuditAction.SUGGESTION_APPLIED: "changed an exercise in your program",
    AuditAction.TEMPLATE_CREATED: "used your program as a model for a clinic template",
    AuditAction.REPORT_VIEWED: "opened your progress report",
    AuditAction.LOGS_EXPORTED: "downloaded your daily logs",
    AuditAction.OUTCOMES_EXPORTED: "downloaded your questionnaire scores",
    AuditAction.FLAG_ACKNOWLEDGED: "followed up an alert from your logs or check-in",
    AuditAction.CALENDAR_FEED_READ: "read your exercise calendar through your private link",
    AuditAction.MESSAGES_VIEWED: "read your messages",
    AuditAction.MESSAGE_SENT: "wrote to you",
    AuditAction.FHIR_RECORD_DOWNLOADED: "downloaded your health record as a file",
    # Written by no person: "Someone used a system your clinic connected to read your record".
    AuditAction.FHIR_API_READ: "used a system your clinic connected to read your health record",
}

ACTION_LABELS = dict(AuditAction.choices)
