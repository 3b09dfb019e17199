from django.urls import path

from programs.views import caseload, today

urlpatterns = [
    path("today/", today.today, name="patient_home"),
    path("caseload/", caseload.caseload, name="clinician_home"),
]
