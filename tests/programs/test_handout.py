"""/programs/<uuid>/handout.pdf and /print/: the printable handout."""

import datetime
import io
import re

import pypdf
import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories

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


def painted_paths(content: bytes) -> int:
    """Fill and stroke operators on the first page, its form XObjects included (WeasyPrint
    draws an inline SVG into one): the text alone paints almost none."""
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    streams = [page.get_contents().get_data()]
    xobjects = page["/Resources"].get("/XObject", {})
    streams += [xobjects[name].get_object().get_data() for name in xobjects]
    return sum(len(re.findall(rb"(?<=\s)(?:f\*?|S|B\*?|b\*?)(?=\s)", data)) for data in streams)


def test_the_pdf_embeds_the_drawing_as_vector_paths(as_alice, program):
    before = painted_paths(as_alice.get(f"/programs/{program.pk}/handout.pdf").content)
    drawn = factories.ExerciseFactory(slug="towel-calf-stretch", name="Towel calf stretch")
    program.prescriptions.update(exercise=drawn)

    after = painted_paths(as_alice.get(f"/programs/{program.pk}/handout.pdf").content)

    assert after > before + 50  # two frames of outlined limbs, props and an arrow


def test_the_pdf_holds_the_tasks_and_the_conditions_education(as_alice, program, settings):
    settings.SITE_URL = "https://stride.example"
    heel = factories.ConditionFactory(
        slug="heel-pain",
        name="Plantar heel pain",
        summary="The band under the foot is sore at the heel.",
        how_long="Most people are much better within a few months.",
        what_helps=["Stretching the calf and the sole every day."],
        red_flags=["Pain when you squeeze your heel from both sides."],
        symptom_label="first-step pain",
    )
    program.condition = heel
    program.save()
    splint = factories.ExerciseFactory(
        name="Night splint", exercise_type="task", default_hold_seconds=None
    )
    factories.PrescriptionFactory(
        program=program,
        exercise=splint,
        exercise_type="task",
        today_label="Night splint on tonight",
        steps=["Put it on at bedtime.", "Strap it snugly.", "Take it off to walk."],
        sets=1,
        reps=None,
    )

    text = " ".join(pdf_text(as_alice.get(f"/programs/{program.pk}/handout.pdf").content).split())

    for expected in (
        "Also part of your program",
        "Night splint on tonight",
        "once a day, every day",
        "Put it on at bedtime.",
        "About your condition: Plantar heel pain",
        "Most people are much better within a few months.",
        "Stretching the calf and the sole every day.",
        "your first-step pain should be back to where it usually is",
        "Pain when you squeeze your heel from both sides.",
        "https://stride.example/my/conditions/heel-pain/",
        "020 7946 0123",
    ):
        assert expected in text, expected


def test_the_early_phase_prints_on_three_pages_at_most(as_alice, alice, bob):
    """Issue 21: paper is respected. The early heel-pain phase from the catalogue (four items,
    a night splint among them) with its education summary and red flags."""
    from django.core.management import call_command

    from programs.models import ProgramTemplate
    from programs.prescribing import services

    call_command("load_catalogue", verbosity=0)
    early = ProgramTemplate.objects.get(slug="plantar-fasciitis-early")
    items = [
        {"exercise": item.exercise}
        | {field: getattr(item, field) for field in services.DOSE_FIELDS}
        for item in early.items.select_related("exercise")
    ]
    data = {
        "title": early.name,
        "condition": early.condition,
        "start_date": datetime.date.today(),
        "end_date": None,
        "status": "active",
        "pain_limit": 5,
    }
    program = services.create_program(clinician=alice, patient=bob, data=data, items=items)

    pdf = pypdf.PdfReader(io.BytesIO(as_alice.get(f"/programs/{program.pk}/handout.pdf").content))

    assert len(pdf.pages) <= 3
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Night splint on tonight" in text and "About your condition" in text
