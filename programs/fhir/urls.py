"""The FHIR endpoint's URLs, under /fhir/ (included by programs/urls.py)."""

from django.urls import path

from programs.fhir.views import endpoint

urlpatterns = [
    path("Patient/<uuid:patient_id>/$everything", endpoint.everything, name="fhir_everything"),
    # Every resource kind a record holds, read by id (programs.fhir.reads).
    path("<str:resource_type>/<str:resource_id>", endpoint.resource, name="fhir_read"),
]
