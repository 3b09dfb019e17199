from django.urls import path

from programs.views import caseload, exports, report, today

urlpatterns = [
    path("today/", today.today, name="patient_home"),
    path("caseload/", caseload.caseload, name="clinician_home"),
    path("caseload/export.csv", exports.caseload_csv, name="caseload_csv"),
    path("patients/<uuid:patient_id>/report/", report.report, name="patient_report"),
    path("patients/<uuid:patient_id>/logs.csv", exports.patient_logs_csv, name="patient_logs_csv"),
    path(
        "patients/<uuid:patient_id>/flags/acknowledge/",
        report.acknowledge_computed_flag,
        name="acknowledge_computed_flag",
    ),
    path(
        "patients/<uuid:patient_id>/suggestions/apply/",
        report.apply_suggestion,
        name="apply_suggestion",
    ),
    path("flags/<uuid:flag_id>/acknowledge/", report.acknowledge_flag, name="acknowledge_flag"),
]
