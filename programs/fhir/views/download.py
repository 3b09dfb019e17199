"""The care team's download of a patient's health record, as a FHIR Bundle file."""

import json

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from config.db_router import replica_reads
from programs.fhir.record import collection_bundle, load_record
from programs.views.lookups import patient_profile_for


@require_GET
@clinic_staff_required
@replica_reads
def patient_fhir_record(request, patient_id):
    profile = patient_profile_for(request.user, patient_id)
    patient = profile.user
    bundle = collection_bundle(load_record(patient))
    record(
        request,
        AuditAction.FHIR_RECORD_DOWNLOADED,
        category="export",
        patient=patient,
        obj=patient,
    )
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=1),
        content_type="application/fhir+json; charset=utf-8",
    )
    filename = f"health-record-{local_today(patient, timezone.now()):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
