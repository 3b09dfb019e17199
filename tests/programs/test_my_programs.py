"""/my/programs/: the patient reads their programs and instructions."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_lists_the_patients_programs_but_not_drafts(as_bob, program, alice, bob):
    factories.ProgramFactory(prescriber=alice, patient=bob, title="Secret draft", status="draft")

    page = as_bob.get("/my/programs/").content.decode()

    assert f'href="/my/programs/{program.pk}/"' in page
    assert "Secret draft" not in page
    assert "My programs" in page  # the nav link
    assert AuditEvent.objects.filter(action=AuditAction.PROGRAM_LIST_VIEWED, patient=bob).exists()


def test_it_shows_each_exercise_with_steps_dose_and_note(as_bob, program):
    program.prescriptions.filter(name="Heel raise").update(
        note="Hold the wall", cues=["Keep your heel down"]
    )

    page = as_bob.get(f"/my/programs/{program.pk}/").content.decode()

    assert "Rise onto your toes." in page
    assert "3 sets of 10, once a day, every day" in page
    assert "Hold the wall" in page
    assert "Keep your heel down" in page


def test_it_is_404_for_another_patients_program_or_a_draft(as_bob, carlos, dana, alice, bob):
    theirs = factories.ProgramFactory(prescriber=carlos, patient=dana)
    draft = factories.ProgramFactory(prescriber=alice, patient=bob, status="draft")

    assert as_bob.get(f"/my/programs/{theirs.pk}/").status_code == 404
    assert as_bob.get(f"/my/programs/{draft.pk}/").status_code == 404


def test_its_query_count_does_not_grow(as_bob, program, django_assert_max_num_queries, alice, bob):
    with django_assert_max_num_queries(5) as small:  # with the audit row's seal
        as_bob.get("/my/programs/")
    for _ in range(5):
        factories.PrescriptionFactory(
            program=factories.ProgramFactory(prescriber=alice, patient=bob)
        )
    with django_assert_max_num_queries(len(small)):
        as_bob.get("/my/programs/")
