"""Isolation: every model holding clinic or patient data answers `visible_to(user)`."""

import pytest

from accounts.models import AuditEvent, Clinic, PatientProfile, User
from programs.models import Flag, Program, SessionLog
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_patient_sees_only_themselves(bob, dana):
    assert list(PatientProfile.objects.visible_to(bob)) == [bob.patient_profile]
    assert list(User.objects.visible_to(bob)) == [bob]


def test_a_clinician_sees_only_care_team_patients(alice, bob, dana):
    assert list(PatientProfile.objects.visible_to(alice)) == [bob.patient_profile]
    assert dana not in User.objects.visible_to(alice)
    assert bob in User.objects.visible_to(alice)


def test_a_clinic_admin_sees_the_whole_clinic_and_nothing_else(nora, bob, dana, otto):
    assert set(PatientProfile.objects.visible_to(nora)) == {
        bob.patient_profile,
        dana.patient_profile,
    }
    assert otto not in User.objects.visible_to(nora)
    assert list(Clinic.objects.visible_to(nora)) == [nora.clinic]


def test_nobody_sees_another_clinics_programs_or_logs(alice, nora, bob, otto, olga):
    ours = factories.ProgramFactory(prescriber=alice, patient=bob)
    theirs = factories.ProgramFactory(prescriber=olga, patient=otto)
    factories.SessionLogFactory(program=ours)
    their_log = factories.SessionLogFactory(program=theirs)
    factories_flag = Flag.objects.create(
        patient=otto, program=theirs, kind="red_pain", reason="test", raised_on=their_log.date
    )
    for viewer in (alice, nora, bob):
        assert theirs not in Program.objects.visible_to(viewer)
        assert their_log not in SessionLog.objects.visible_to(viewer)
        assert factories_flag not in Flag.objects.visible_to(viewer)
    assert list(Program.objects.visible_to(olga)) == [theirs]


def test_a_patient_never_sees_another_patients_program(bob, dana, carlos):
    theirs = factories.ProgramFactory(prescriber=carlos, patient=dana)
    assert not Program.objects.visible_to(bob).filter(pk=theirs.pk).exists()
    assert not SessionLog.objects.visible_to(bob).exists()


def test_a_patient_does_not_see_draft_programs(alice, bob):
    factories.ProgramFactory(prescriber=alice, patient=bob, status="draft")
    assert not Program.objects.visible_to(bob).exists()
    assert Program.objects.visible_to(alice).exists()


def test_inactive_users_see_nothing(alice, bob):
    factories.ProgramFactory(prescriber=alice, patient=bob)
    alice.is_active = False
    assert not Program.objects.visible_to(alice).exists()
    assert not PatientProfile.objects.visible_to(alice).exists()


def test_audit_events_are_visible_to_the_clinic_admin_only(nora, alice, bob, otto):
    ours = AuditEvent.objects.create(action="view", clinic=nora.clinic, patient=bob)
    AuditEvent.objects.create(action="view", clinic=otto.clinic, patient=otto)
    assert list(AuditEvent.objects.visible_to(nora)) == [ours]
    assert not AuditEvent.objects.visible_to(alice).exists()
    assert not AuditEvent.objects.visible_to(bob).exists()
