"""The audit trail as people see it: the clinic admin's report and a patient's access log."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.timezone import localtime, now
from django.views.decorators.http import require_GET

from accounts import audit
from accounts.access import clinic_admin_required, patient_required
from accounts.audit_actions import AuditAction
from accounts.audit_report import AuditFilterForm, csv_header, csv_row
from accounts.dates import user_timezone
from accounts.models import AuditEvent
from config.csv_export import streaming_csv

PAGE_SIZE = 50


def _filter_form(request):
    form = AuditFilterForm(request.GET, admin=request.user)
    form.is_valid()
    return form


@require_GET
@clinic_admin_required
def clinic_audit(request):
    # Recorded first, so the count and the page agree about this view's own row.
    audit.record(request, AuditAction.AUDIT_TRAIL_VIEWED, category="audit")
    form = _filter_form(request)
    events = AuditEvent.objects.visible_to(request.user)
    events = form.events(events) if not form.errors else events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_trail.html",
        {"form": form, "page": page, "zone": user_timezone(request.user).key},
        status=400 if form.errors else 200,
    )


@require_GET
@clinic_admin_required
def clinic_audit_csv(request):
    form = _filter_form(request)
    if form.errors:
        context = {"form": form, "page": None, "zone": user_timezone(request.user).key}
        return render(request, "accounts/audit_trail.html", context, status=400)
    events = form.events(AuditEvent.objects.visible_to(request.user))
    audit.record(request, AuditAction.AUDIT_TRAIL_EXPORTED, category="audit")
    tz = user_timezone(request.user)  # the clinic's
    rows = (csv_row(event, tz) for event in events.iterator(chunk_size=2000))
    filename = f"stride-audit-{localtime(now(), tz):%Y%m%d-%H%M%S}.csv"
    return streaming_csv(header=csv_header(tz), rows=rows, filename=filename)


@require_GET
@patient_required
def access_log(request):
    audit.record(request, AuditAction.ACCESS_LOG_VIEWED, category="audit", patient=request.user)
    events = AuditEvent.objects.access_log_for(request.user).select_related("user")
    page = Paginator(events.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_access_log.html",
        {"page": page, "tz": user_timezone(request.user)},
    )
