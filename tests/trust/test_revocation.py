"""Revocation takes effect on the next request: deactivated people are signed out for good,
a clinician taken off a care team loses the patient at once, and changes made in the
Django admin to who may reach what are audited."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Role
from tests.factories import sign_in_as

pytestmark = pytest.mark.django_db


def assert_signed_out(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_deactivating_a_user_ends_their_sessions(client, sign_in, bob):
    sign_in(client, bob)
    assert client.get("/today/").status_code == 200
    bob.is_active = False
    bob.save()
    assert_signed_out(client, "/today/")
    assert not Session.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_REVOKED, user=bob).exists()
    # Reactivated later, the old cookie stays dead: they sign in again.
    bob.is_active = True
    bob.save()
    assert_signed_out(client, "/today/")


def test_removing_a_clinician_from_the_care_team_takes_effect_at_once(client, sign_in, alice, bob):
    sign_in(client, alice)
    url = reverse("patient_report", args=[bob.pk])
    assert client.get(url).status_code == 200
    bob.patient_profile.care_team.remove(alice)
    for page in [url, reverse("patient_detail", args=[bob.pk])]:
        assert client.get(page).status_code == 404
    assert bob.full_name.encode() not in client.get(reverse("patient_list")).content


def test_a_clinician_deactivated_by_the_clinic_admin_is_signed_out(client, sign_in, nora, alice):
    sign_in(client, alice)
    assert client.get("/caseload/").status_code == 200
    admin = Client()
    admin.force_login(nora)
    response = admin.post(reverse("person_set_active", args=[alice.pk]), {"active": "0"})
    assert response.status_code == 302
    assert_signed_out(client, "/caseload/")
    # Signing in again does not work either.
    sign_in(client, alice)
    assert_signed_out(client, "/caseload/")


def test_moving_a_clinician_to_another_clinic_takes_effect_at_once(
    client, sign_in, alice, bob, outsider_clinic
):
    sign_in(client, alice)
    alice.clinic = outsider_clinic
    alice.save()
    assert client.get(reverse("patient_report", args=[bob.pk])).status_code == 404


def admin_change(client, user, **changes):
    """Post the Django admin's change form of `user` with `changes` applied."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "clinic": user.clinic_id or "",
        "is_active": "on" if user.is_active else "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    } | changes
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_admin_changes_to_access_are_audited(client, staff, alice, outsider_clinic):
    sign_in_as(client, staff)
    admin_change(client, alice, role=Role.CLINIC_ADMIN, clinic=outsider_clinic.pk, is_active="")
    actions = set(
        AuditEvent.objects.filter(object_id=str(alice.pk), user=staff).values_list(
            "action", flat=True
        )
    )
    assert actions == {
        AuditAction.ADMIN_ROLE_CHANGED,
        AuditAction.ADMIN_CLINIC_CHANGED,
        AuditAction.ADMIN_ACTIVE_CHANGED,
    }


def test_an_admin_edit_that_changes_no_access_is_not_noise(client, staff, alice):
    sign_in_as(client, staff)
    admin_change(client, alice, full_name="Alice M. Moreau")
    assert not AuditEvent.objects.filter(object_id=str(alice.pk), user=staff).exists()


def test_care_teams_are_not_changed_in_the_admin(client, staff, bob, carlos):
    """They are chosen in the app, by the clinic's admin, and audited there."""
    sign_in_as(client, staff)
    url = reverse("admin:accounts_patientprofile_change", args=[bob.pk])
    response = client.post(url, {"user": bob.pk, "care_team": [carlos.pk]})
    assert response.status_code == 403
    assert carlos not in bob.patient_profile.care_team.all()
