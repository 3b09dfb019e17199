from django.urls import include, path

from programs.fhir.views import download as fhir_download
from programs.fhir.views import tokens as fhir_tokens
from programs.views.clinician import (
    builder,
    caseload,
    conditions,
    exports,
    handout,
    patients,
    report,
    suggestions,
    templates,
)
from programs.views.clinician import messages as clinician_messages
from programs.views.patient import account as patient_account
from programs.views.patient import check_in, offline, reminders, today
from programs.views.patient import condition as patient_condition
from programs.views.patient import handout as patient_handout
from programs.views.patient import messages as patient_messages
from programs.views.patient import outcomes as patient_outcomes
from programs.views.patient import pictures as patient_pictures
from programs.views.patient import programs as patient_programs
from programs.views.patient import progress as patient_progress

urlpatterns = [
    # With the catalogue's URLs (exercises/urls.py), but it lists programs' templates.
    path("catalogue/conditions/<slug:slug>/", conditions.condition_detail, name="condition_detail"),
    path("today/", today.today, name="patient_home"),
    path("caseload/", caseload.caseload, name="clinician_home"),
    # With the other patient pages (accounts/urls.py), but it lists the patient's programs.
    path("patients/", patients.patient_list, name="patient_list"),
    path("patients/<uuid:patient_id>/", patients.patient_detail, name="patient_detail"),
    path("patients/<uuid:patient_id>/programs/new/", builder.program_new, name="program_new"),
    path("programs/<uuid:program_id>/", builder.program_detail, name="program_detail"),
    path("programs/<uuid:program_id>/edit/", builder.program_edit, name="program_edit"),
    path(
        "programs/<uuid:program_id>/handout.pdf",
        handout.program_handout_pdf,
        name="program_handout",
    ),
    path("programs/<uuid:program_id>/print/", handout.program_print, name="program_print"),
    path(
        "programs/<uuid:program_id>/save-as-template/",
        templates.program_save_as_template,
        name="program_save_as_template",
    ),
    path("templates/", templates.template_list, name="template_list"),
    path("templates/<uuid:template_id>/edit/", templates.template_edit, name="template_edit"),
    path(
        "templates/<uuid:template_id>/archive/",
        templates.template_archive,
        name="template_archive",
    ),
    path("my/programs/", patient_programs.my_programs, name="my_programs"),
    path("my/conditions/<slug:slug>/", patient_condition.about_condition, name="about_condition"),
    path("my/programs/<uuid:program_id>/", patient_programs.my_program, name="my_program"),
    path("my/account/", patient_account.my_account, name="my_account"),
    path(
        "my/programs/<uuid:program_id>/handout.pdf",
        patient_handout.my_handout_pdf,
        name="my_program_handout",
    ),
    path(
        "my/programs/<uuid:program_id>/print/",
        patient_handout.my_handout_print,
        name="my_program_print",
    ),
    path(
        "my/exercises/<uuid:prescription_id>/picture",
        patient_pictures.exercise_picture,
        name="patient_exercise_picture",
    ),
    path("today/history/", patient_progress.history, name="patient_history"),
    path("my/check-in/", check_in.check_in, name="check_in"),
    path("my/check-in/<uuid:check_in_id>/", check_in.check_in_result, name="check_in_result"),
    # The outcome questionnaires due on a program's date (programs/outcomes).
    path(
        "my/questionnaires/<uuid:program_id>/<str:due_on>/",
        patient_outcomes.outcomes_due,
        name="outcomes_due",
    ),
    path(
        "my/questionnaires/<uuid:program_id>/<str:due_on>/<str:instrument>/",
        patient_outcomes.outcome_page,
        name="outcome_page",
    ),
    path("log/<uuid:program_id>/<str:day>/", today.save_log, name="save_log"),
    path("log/<uuid:program_id>/<str:day>/hardest/", today.save_hardest, name="save_hardest"),
    path("caseload/export.csv", exports.caseload_csv, name="caseload_csv"),
    path("patients/<uuid:patient_id>/report/", report.report, name="patient_report"),
    path("patients/<uuid:patient_id>/logs.csv", exports.patient_logs_csv, name="patient_logs_csv"),
    path(
        "patients/<uuid:patient_id>/questionnaires.csv",
        exports.patient_outcomes_csv,
        name="patient_outcomes_csv",
    ),
    path(
        "patients/<uuid:patient_id>/flags/acknowledge/",
        report.acknowledge_computed_flag,
        name="acknowledge_computed_flag",
    ),
    path(
        "patients/<uuid:patient_id>/suggestions/<uuid:prescription_id>/<slug:kind>/",
        suggestions.apply_suggestion,
        name="apply_suggestion",
    ),
    path("flags/<uuid:flag_id>/acknowledge/", report.acknowledge_flag, name="acknowledge_flag"),
    # Reminders, the calendar feed and messages (programs/engagement).
    path("my/reminders/", reminders.reminder_settings, name="reminder_settings"),
    path("my/reminders/calendar/", reminders.calendar_link, name="calendar_link"),
    path("calendar/<str:token>.ics", reminders.calendar_feed_ics, name="calendar_feed"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminders.reminders_unsubscribe,
        name="reminders_unsubscribe",
    ),
    path("my/messages/", patient_messages.patient_messages, name="patient_messages"),
    path(
        "patients/<uuid:patient_id>/messages/",
        clinician_messages.clinician_messages,
        name="clinician_messages",
    ),
    # Stride as an installable app that works offline (docs/offline.md).
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.web_manifest, name="web_manifest"),
    path("offline/", offline.offline_page, name="offline_page"),
    path("my/offline/session/", offline.offline_session, name="offline_session"),
    # The health record in FHIR (programs/fhir): the care team's download, the clinic's API
    # tokens, and the token-authorised endpoint for integrations.
    path(
        "patients/<uuid:patient_id>/health-record.json",
        fhir_download.patient_fhir_record,
        name="patient_fhir_record",
    ),
    path("clinic/settings/api-tokens/", fhir_tokens.api_tokens, name="api_tokens"),
    path(
        "clinic/settings/api-tokens/<uuid:token_id>/revoke/",
        fhir_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
    path("fhir/", include("programs.fhir.urls")),
]
