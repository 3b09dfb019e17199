from django.urls import path

from programs.views import caseload, today

urlpatterns = [
    path("today/", today.today, name="patient_home"),
    path("caseload/", caseload.caseload, name="clinician_home"),
]

urlpatterns += [
    path("today/history/", today.history, name="patient_history"),
    path("log/<uuid:program_id>/<str:day>/", today.save_log, name="save_log"),
]
