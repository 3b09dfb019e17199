"""/my/programs/<uuid>/handout.pdf and /print/: the patient's own handout of a program."""

import io

import pypdf
import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ProgramStatus
from tests import factories

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_it_downloads_the_patients_own_handout(as_bob, bob, program):
    response = as_bob.get(f"/my/programs/{program.pk}/handout.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    for expected in ("Northside", "Bob Hughes", "Heel raise", "3 sets of 10", "numbness"):
        assert expected in text
    event = AuditEvent.objects.get(category="program")
    assert (event.action, event.user, event.patient, event.object_id) == (
        AuditAction.OWN_HANDOUT_DOWNLOADED,
        bob,
        bob,
        str(program.pk),
    )


def test_it_opens_the_print_view_with_a_way_back_to_the_account(as_bob, bob, program):
    response = as_bob.get(f"/my/programs/{program.pk}/print/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Heel raise" in page and "Calf stretch against a wall" in page
    assert '<a href="/my/account/#handouts">Back to your account</a>' in page
    assert f"/programs/{program.pk}/" not in page.replace("/my/programs/", "")  # no staff link
    event = AuditEvent.objects.get(category="program")
    assert (event.action, event.patient) == (AuditAction.OWN_HANDOUT_VIEWED, bob)
    # The patient's own reading: not on the list of who else looked at their record.
    assert not AuditEvent.objects.access_log_for(bob).exists()


def test_it_shows_the_clinics_opening_hours(as_bob, bob, program):
    bob.clinic.opening_hours = "Weekdays 9–5"
    bob.clinic.save()
    page = as_bob.get(f"/my/programs/{program.pk}/print/").content.decode()
    assert "opening hours: Weekdays 9–5" in page


@pytest.mark.parametrize("kind", ["handout.pdf", "print/"])
def test_another_patients_program_is_not_found(client, dana, program, kind):
    client.force_login(dana)
    assert client.get(f"/my/programs/{program.pk}/{kind}").status_code == 404
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.OWN_HANDOUT_DOWNLOADED, AuditAction.OWN_HANDOUT_VIEWED]
    ).exists()


@pytest.mark.parametrize("kind", ["handout.pdf", "print/"])
def test_a_draft_is_not_found(as_bob, bob, alice, kind):
    draft = factories.ProgramFactory(patient=bob, prescriber=alice, status=ProgramStatus.DRAFT)
    assert as_bob.get(f"/my/programs/{draft.pk}/{kind}").status_code == 404


@pytest.mark.parametrize("kind", ["handout.pdf", "print/"])
def test_a_clinician_is_refused_and_keeps_their_own_handout_url(as_alice, program, kind):
    assert as_alice.get(f"/my/programs/{program.pk}/{kind}").status_code == 403
    assert as_alice.get(f"/programs/{program.pk}/{kind}").status_code == 200


@pytest.mark.parametrize("kind", ["handout.pdf", "print/"])
def test_it_refuses_a_post(as_bob, program, kind):
    assert as_bob.post(f"/my/programs/{program.pk}/{kind}").status_code == 405
