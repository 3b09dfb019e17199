"""/programs/<uuid>/handout.pdf and /print/: the printable handout."""

import io

import pypdf
import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_patients_exercises_and_the_safety_text(as_alice, program):
    response = as_alice.get(f"/programs/{program.pk}/handout.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Northside",
        "Bob Hughes",
        "Heel raise",
        "Calf stretch against a wall",
        "3 sets of 10, once a day, every day",
        "Rise onto your toes.",
        "it does not replace it",
        "numbness",
    ):
        assert expected in text
    assert AuditEvent.objects.filter(
        action=AuditAction.HANDOUT_DOWNLOADED, patient=program.patient
    ).exists()


def test_the_print_view_shows_the_same_handout_with_a_login_qr_code(as_alice, program, settings):
    settings.SITE_URL = "https://stride.example"
    response = as_alice.get(f"/programs/{program.pk}/print/")

    page = response.content.decode()
    assert "Heel raise" in page
    assert "https://stride.example/login/" in page
    assert 'src="data:image/svg+xml' in page
    # Its large print comes from a stylesheet: the CSP refuses inline styles and handlers.
    assert 'href="/static/css/handout.css"' in page
    assert "<style" not in page and "onclick" not in page
    assert AuditEvent.objects.filter(action=AuditAction.HANDOUT_VIEWED).exists()
