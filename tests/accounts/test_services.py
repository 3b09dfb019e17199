from unittest import mock

import pytest
from django.db import IntegrityError

from accounts import services
from accounts.models import Invitation, PatientProfile, User

pytestmark = pytest.mark.django_db


def test_add_patient_creates_everything(alice, heel_pain):
    invitation = services.add_patient(
        clinician=alice, full_name=" Eve Walker ", email=" EVE@patients.test", condition=heel_pain
    )
    eve = invitation.user
    assert (eve.full_name, eve.email) == ("Eve Walker", "eve@patients.test")
    assert list(eve.patient_profile.care_team.all()) == [alice]


def test_add_patient_saves_nothing_when_a_step_fails(alice, heel_pain):
    with (
        mock.patch("accounts.invitations.create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.add_patient(
            clinician=alice, full_name="Eve", email="eve@patients.test", condition=heel_pain
        )
    assert not User.objects.filter(email="eve@patients.test").exists()
    assert not PatientProfile.objects.exists()
    assert not Invitation.objects.exists()


def test_add_patient_turns_a_race_into_a_clear_message(alice, heel_pain):
    with (
        mock.patch.object(User, "save", side_effect=IntegrityError),
        pytest.raises(services.EmailInUse, match="can't use this e-mail address"),
    ):
        services.add_patient(
            clinician=alice, full_name="Eve", email="eve@patients.test", condition=heel_pain
        )


def test_set_active_refuses_yourself(nora):
    with pytest.raises(services.CannotDeactivateSelf):
        services.set_active(person=nora, active=False, by=nora)
