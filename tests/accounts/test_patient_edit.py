import datetime

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(patient):
    return f"/patients/{patient.pk}/edit/"


def form_data(condition, **overrides):
    return {
        "full_name": "Bob Hughes-Marsh",
        "email": "bob.marsh@patients.test",
        "date_of_birth": "1958-07-14",
        "condition": condition.pk,
        "timezone": "Europe/Lisbon",
        **overrides,
    }


def test_it_shows_the_stored_details(client, alice, bob):
    client.force_login(alice)
    page = client.get(url(bob)).content.decode()
    assert f'value="{bob.email}"' in page and f'value="{bob.full_name}"' in page
    assert "Care team" not in page  # the care team has its own page
    assert AuditEvent.objects.filter(action=AuditAction.PATIENT_EDITOR_VIEWED, patient=bob).exists()


def test_a_care_team_clinician_corrects_them(client, alice, bob, heel_pain):
    client.force_login(alice)
    response = client.post(url(bob), form_data(heel_pain, email="Bob.Marsh@Patients.TEST"))
    assert response.status_code == 302 and response.url == f"/patients/{bob.pk}/"

    bob.refresh_from_db()
    profile = bob.patient_profile
    assert (bob.full_name, bob.email) == ("Bob Hughes-Marsh", "bob.marsh@patients.test")
    assert profile.condition == heel_pain
    assert profile.date_of_birth == datetime.date(1958, 7, 14)
    assert profile.timezone == "Europe/Lisbon"
    assert AuditEvent.objects.filter(action=AuditAction.PATIENT_EDITED, patient=bob).exists()
    page = client.get(response.url).content.decode()
    assert "Saved: name, e-mail, condition, date of birth, time zone." in page
    assert "Bob now signs in with bob.marsh@patients.test." in page


def test_saving_unchanged_details_says_so(client, nora, bob, heel_pain):
    profile = bob.patient_profile
    profile.condition = heel_pain
    profile.save()
    client.force_login(nora)  # the clinic admin may edit any patient of the clinic
    data = {"full_name": bob.full_name, "email": bob.email, "condition": heel_pain.pk}
    response = client.post(url(bob), data, follow=True)
    assert "Nothing was changed." in response.content.decode()


def test_an_address_in_use_is_refused_and_nothing_is_saved(client, alice, bob, dana, heel_pain):
    client.force_login(alice)
    response = client.post(url(bob), form_data(heel_pain, email=dana.email.upper()))
    assert response.status_code == 200
    # Dana is Carlos's patient, whom Alice does not see: the neutral message, not her name.
    assert "We can&#x27;t use this e-mail address. If the person" in response.content.decode()
    assert "Dana" not in response.content.decode()
    assert f"Edit {bob.full_name}" in response.content.decode()  # the stored name, not the typed
    stored = type(bob).objects.select_related("patient_profile").get(pk=bob.pk)
    assert (stored.full_name, stored.email) == (bob.full_name, bob.email)
    assert stored.patient_profile.timezone == ""
    assert not AuditEvent.objects.filter(action=AuditAction.PATIENT_EDITED).exists()


def test_another_clinics_address_gets_the_neutral_message(client, alice, bob, otto, heel_pain):
    client.force_login(alice)
    response = client.post(url(bob), form_data(heel_pain, email=otto.email))
    assert "We can&#x27;t use this e-mail address. If the person" in response.content.decode()
    assert "Otto" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "   ", "This field is required."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("date_of_birth", "2999-01-01", "The date of birth cannot be in the future."),
        ("timezone", "Mars/Olympus", "Select a valid choice."),
        ("condition", "", "This field is required."),
    ],
)
def test_bad_input_is_explained(client, alice, bob, heel_pain, field, value, message):
    client.force_login(alice)
    response = client.post(url(bob), {**form_data(heel_pain), field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    bob.refresh_from_db()
    assert bob.email != "bob.marsh@patients.test"


def test_it_rejects_put(client, alice, bob):
    client.force_login(alice)
    assert client.put(url(bob)).status_code == 405


def test_the_patient_page_links_to_it(client, alice, bob):
    client.force_login(alice)
    assert url(bob) in client.get(f"/patients/{bob.pk}/").content.decode()
