"""The read-only FHIR endpoint for a clinic's integrations: `Patient/<id>/$everything` and a
read of each resource it holds, authorised by an API token of the clinic
(`Authorization: Bearer …`) and nothing else.

A session cookie neither authorises a request here nor names who made it: the request is
the token's. Each request writes one audit row, with the token's id (never the token) and
the patient read; errors are OperationOutcomes (401 without a valid token, 404 outside the
token's clinic, 405 for anything but GET, 429 over the rate limit).
"""

import json
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from config.db_router import replica_reads
from programs.fhir import rate_limit, reads, tokens
from programs.fhir.codes import endpoint_url
from programs.fhir.record import searchset_bundle

FHIR_JSON = "application/fhir+json; charset=utf-8"


def fhir_response(resource: dict, *, status: int = 200) -> HttpResponse:
    body = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type=FHIR_JSON)
    add_never_cache_headers(response)  # patient data: no cache may keep it
    return response


def operation_outcome(status: int, code: str, diagnostics: str) -> HttpResponse:
    issue = {"severity": "error", "code": code, "diagnostics": diagnostics}
    return fhir_response({"resourceType": "OperationOutcome", "issue": [issue]}, status=status)


def refused(request, *, token=None) -> None:
    """The audit row of a refused request: the token's id and clinic when one was named."""
    record(
        request,
        AuditAction.FHIR_API_REFUSED,
        category="fhir",
        obj=token,
        clinic=token.clinic if token else None,
        outcome=AuditEvent.Outcome.DENIED,
        page="" if token else request.resolver_match.url_name,
    )


def token_endpoint(view):
    """Method, token, rate limit, then `view(request, token, **kwargs)`, which returns a
    `reads.Found` or None (not found); this writes the request's one audit row and answers."""

    @csrf_exempt  # no session, no cookie: nothing for a forged cross-site request to ride on
    @wraps(view)
    def wrapper(request, **kwargs):
        request.user = AnonymousUser()
        if request.method != "GET":
            response = operation_outcome(405, "not-supported", "This endpoint only reads (GET).")
            response["Allow"] = "GET"
            return response
        token = tokens.presented_token(request)
        if token is None or token.is_revoked:
            refused(request, token=token)
            response = operation_outcome(401, "login", "A valid API token is needed.")
            response["WWW-Authenticate"] = (
                'Bearer realm="fhir", error="invalid_token"'
                if request.headers.get("Authorization")
                else 'Bearer realm="fhir"'
            )
            return response
        wait = rate_limit.retry_after(token)
        if wait is not None:
            refused(request, token=token)
            response = operation_outcome(429, "throttled", "Too many requests: try again later.")
            response["Retry-After"] = str(wait)
            return response
        tokens.mark_used(token)
        found = view(request, token, **kwargs)
        if found is None:
            refused(request, token=token)
            return operation_outcome(404, "not-found", "No such resource.")
        record(
            request,
            AuditAction.FHIR_API_READ,
            category="fhir",
            patient=found.patient,
            obj=token,
            clinic=token.clinic,
        )
        return fhir_response(found.resource)

    return wrapper


@token_endpoint
@replica_reads
def everything(request, token, patient_id):
    read = reads.read_everything(token, patient_id)
    if read is None:
        return None
    patient_record, patient = read
    self_url = endpoint_url(f"Patient/{patient.pk}/$everything")
    return reads.Found(searchset_bundle(patient_record, self_url=self_url), patient)


@token_endpoint
@replica_reads
def resource(request, token, resource_type, resource_id):
    return reads.read_resource(token, resource_type, resource_id)
