"""The printable handout: one HTML template, shown for printing or rendered to PDF."""

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from programs.prescribing.queries import current_items


def login_qr_data_uri() -> str:
    """A QR code of the login page, inline so the PDF needs no fetch."""
    login_url = settings.SITE_URL + reverse("login")
    return segno.make(login_url, error="m").svg_data_uri(scale=5, border=2)


def handout_context(
    program, *, back_url: str = "", back_label: str = "Back to the program"
) -> dict:
    """What the handout shows; the print view's toolbar links back to `back_url` (the
    clinician's program page unless given: the patient's is their account page)."""
    items = current_items(program)
    condition = program.condition
    return {
        "program": program,
        "patient": program.patient,
        "clinic": program.patient.clinic,
        "exercises": [item for item in items if not item.is_task],
        "tasks": [item for item in items if item.is_task],
        "condition": condition,
        "condition_url": condition
        and settings.SITE_URL + reverse("about_condition", args=[condition.slug]),
        "login_url": settings.SITE_URL + reverse("login"),
        "login_qr": login_qr_data_uri(),
        "back_url": back_url or reverse("program_detail", args=[program.pk]),
        "back_label": back_label,
    }


def handout_pdf(program, *, request=None) -> bytes:
    html = render_to_string(
        "programs/handout.html", handout_context(program) | {"for_pdf": True}, request=request
    )
    # Imported here: WeasyPrint takes over a second to load, and only this needs it.
    import weasyprint

    # Only inline (data:) resources: the PDF never reaches out to the network.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    stylesheet = weasyprint.CSS(filename=finders.find("css/handout.css"))
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


def handout_download(program, *, request) -> HttpResponse:
    """The PDF as a download named for the program: what the clinician's and the patient's
    download views both answer."""
    response = HttpResponse(handout_pdf(program, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="stride-program-{program.pk}.pdf"'
    return response
