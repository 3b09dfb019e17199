import datetime

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Invitation, PatientProfile, Role, User
from tests import factories

pytestmark = pytest.mark.django_db


def form_data(condition, **overrides):
    data = {
        "full_name": "Eve Walker",
        "email": "eve@patients.test",
        "date_of_birth": "1961-04-02",
        "condition": condition.pk,
        "timezone": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_form(client, alice, heel_pain):
    client.force_login(alice)
    response = client.get("/patients/new/")
    assert response.status_code == 200
    assert b"Add a patient" in response.content
    assert b"Plantar fasciitis" in response.content
    assert b"Care team" not in response.content  # a clinician adds to their own team


def test_it_adds_a_patient_with_an_invitation(client, alice, heel_pain, mailoutbox):
    client.force_login(alice)
    response = client.post("/patients/new/", form_data(heel_pain, email="Eve@Patients.TEST"))

    eve = User.objects.get(email="eve@patients.test")
    assert response.status_code == 302
    assert response.url == f"/patients/{eve.pk}/"
    assert eve.role == Role.PATIENT
    assert eve.clinic == alice.clinic
    assert not eve.has_usable_password()
    profile = eve.patient_profile
    assert profile.condition == heel_pain
    assert profile.date_of_birth == datetime.date(1961, 4, 2)
    assert list(profile.care_team.all()) == [alice]
    invitation = Invitation.objects.get(user=eve)
    assert invitation.created_by == alice
    assert invitation.is_usable
    assert [m.to for m in mailoutbox] == [["eve@patients.test"]]
    # One row for the whole request: adding the patient (the e-mail is part of it).
    assert list(AuditEvent.objects.filter(patient=eve).values_list("action", flat=True)) == [
        AuditAction.PATIENT_ADDED
    ]

    page = client.get(response.url)
    assert b"We&#x27;ve e-mailed an invitation link to Eve Walker" in page.content
    assert b"/invite/" in page.content


def test_it_lets_an_admin_choose_the_care_team(client, nora, alice, carlos, heel_pain):
    client.force_login(nora)
    assert b"Carlos Reyes" in client.get("/patients/new/").content
    response = client.post("/patients/new/", form_data(heel_pain, care_team=[alice.pk, carlos.pk]))
    assert response.status_code == 302
    profile = PatientProfile.objects.get(user__email="eve@patients.test")
    assert set(profile.care_team.all()) == {alice, carlos}


def test_it_requires_an_admin_to_choose_a_care_team(client, nora, alice, heel_pain):
    client.force_login(nora)
    response = client.post("/patients/new/", form_data(heel_pain))
    assert b"Choose at least one clinician." in response.content
    assert not User.objects.filter(email="eve@patients.test").exists()


def test_it_offers_only_active_clinicians_of_the_clinic(client, nora, alice, olga, heel_pain):
    factories.ClinicianFactory(clinic=nora.clinic, full_name="Gone Away", is_active=False)
    client.force_login(nora)
    content = client.get("/patients/new/").content
    assert b"Alice Moreau" in content
    assert b"Gone Away" not in content
    assert b"Olga Berg" not in content
    response = client.post("/patients/new/", form_data(heel_pain, care_team=[olga.pk]))
    assert response.status_code == 200
    assert not User.objects.filter(email="eve@patients.test").exists()


def test_it_refuses_a_duplicate_email_at_the_same_clinic(client, alice, bob, heel_pain):
    client.force_login(alice)
    response = client.post("/patients/new/", form_data(heel_pain, email="BOB@patients.test"))
    assert response.status_code == 200
    assert b"Bob Hughes, a patient at your clinic, already has this e-mail address." in (
        response.content
    )
    assert b'value="Eve Walker"' in response.content  # what was typed is kept
    assert User.objects.filter(email__iexact="bob@patients.test").count() == 1


NEUTRAL = (
    b"We can&#x27;t use this e-mail address. If the person already has a Stride account, "
    b"perhaps with another clinic, ask them for a different address, or contact support."
)


@pytest.mark.parametrize("adder", ["alice", "nora"])
def test_it_does_not_reveal_another_clinics_patient(client, request, otto, heel_pain, adder):
    client.force_login(request.getfixturevalue(adder))
    data = form_data(
        heel_pain, email="OTTO@patients.test", care_team=request.getfixturevalue("alice").pk
    )
    response = client.post("/patients/new/", data)
    assert response.status_code == 200
    assert NEUTRAL in response.content
    assert b"in use" not in response.content
    for secret in (b"Otto", b"Kern", b"Outsider"):
        assert secret not in response.content
    assert User.objects.filter(email="otto@patients.test").count() == 1


def test_it_does_not_tell_a_clinician_of_a_patient_they_do_not_see(client, alice, dana, heel_pain):
    # Dana is Carlos's patient: Alice does not see her, so she is not told of her either.
    client.force_login(alice)
    response = client.post("/patients/new/", form_data(heel_pain, email=dana.email))
    assert NEUTRAL in response.content
    assert b"Dana" not in response.content


def test_it_tells_the_clinic_admin_whose_address_it_is(client, nora, alice, dana, heel_pain):
    client.force_login(nora)
    response = client.post(
        "/patients/new/", form_data(heel_pain, email=dana.email, care_team=alice.pk)
    )
    assert b"Dana Whitfield, a patient at your clinic, already has this e-mail address." in (
        response.content
    )


def test_it_names_a_colleague_whose_address_it_is(client, alice, carlos, heel_pain):
    client.force_login(alice)
    response = client.post("/patients/new/", form_data(heel_pain, email=carlos.email))
    assert b"Carlos Reyes, a clinician at your clinic, already has this e-mail address." in (
        response.content
    )


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        ("2999-01-01", b"The date of birth cannot be in the future."),
        ("1899-12-31", b"Please check the year: it is before 1900."),
        ("not-a-date", b"Enter a valid date."),
    ],
)
def test_it_validates_the_date_of_birth(client, alice, heel_pain, date_of_birth, message):
    client.force_login(alice)
    response = client.post("/patients/new/", form_data(heel_pain, date_of_birth=date_of_birth))
    assert response.status_code == 200
    assert message in response.content
    assert not User.objects.filter(email="eve@patients.test").exists()


def test_it_accepts_no_date_of_birth(client, alice, heel_pain):
    client.force_login(alice)
    client.post("/patients/new/", form_data(heel_pain, date_of_birth=""))
    assert PatientProfile.objects.get(user__email="eve@patients.test").date_of_birth is None


def test_it_rejects_bad_input(client, alice, heel_pain):
    client.force_login(alice)
    response = client.post(
        "/patients/new/",
        {
            "full_name": "  ",
            "email": "not-an-email",
            "condition": "999999",
            "timezone": "Mars/Base",
        },
    )
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert b"Enter a valid email address." in response.content
    assert b"Select a valid choice." in response.content
    assert User.objects.filter(role=Role.PATIENT).count() == 0


def test_it_keeps_the_patient_time_zone(client, alice, heel_pain):
    client.force_login(alice)
    client.post("/patients/new/", form_data(heel_pain, timezone="America/New_York"))
    assert PatientProfile.objects.get().timezone == "America/New_York"


def test_it_rejects_put(client, alice):
    client.force_login(alice)
    assert client.put("/patients/new/").status_code == 405
