"""The health screen on the patient's page: the factors exercises are checked against."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.health import HealthFactor
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(patient):
    return f"/patients/{patient.pk}/health-screen/"


def test_it_offers_every_factor_as_a_checkbox(client, alice, bob):
    client.force_login(alice)
    page = client.get(url(bob)).content.decode()
    for factor in HealthFactor:
        assert f'value="{factor.value}"' in page
    assert "Reduced foot sensation (diabetes, neuropathy)" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.HEALTH_SCREEN_VIEWED, patient=bob, user=alice
    ).exists()


def test_the_care_team_fills_it_in_and_the_patient_page_shows_it(client, alice, bob):
    client.force_login(alice)
    factors = [HealthFactor.UNSTEADY_BALANCE, HealthFactor.REDUCED_FOOT_SENSATION]
    response = client.post(url(bob), {"health_factors": factors})
    assert response.status_code == 302 and response.url == f"/patients/{bob.pk}/"

    profile = bob.patient_profile
    profile.refresh_from_db()
    # Stored in the vocabulary's order, whatever the order posted.
    assert profile.health_factors == [
        HealthFactor.REDUCED_FOOT_SENSATION,
        HealthFactor.UNSTEADY_BALANCE,
    ]
    assert profile.health_screen_by == alice and profile.health_screen_at is not None
    event = AuditEvent.objects.get(action=AuditAction.HEALTH_SCREEN_CHANGED)
    assert (event.user, event.patient, event.category) == (alice, bob, "profile")

    page = client.get(response.url).content.decode()
    assert "Bob&#x27;s health screen is saved." in page
    assert "<li>Unsteady balance or a fall in the last year</li>" in page
    assert "by Alice Moreau" in page
    assert "No health screen yet" not in page


def test_none_ticked_is_an_answer(client, nora, bob):
    client.force_login(nora)  # the clinic admin may check it too
    assert client.post(url(bob), {}).status_code == 302
    bob.patient_profile.refresh_from_db()
    assert bob.patient_profile.health_factors == []
    assert bob.patient_profile.has_health_screen
    page = client.get(f"/patients/{bob.pk}/").content.decode()
    assert "None of the listed factors applies." in page


def test_a_patient_never_screened_is_said_so(client, alice, bob):
    client.force_login(alice)
    page = client.get(f"/patients/{bob.pk}/").content.decode()
    assert "No health screen yet." in page and f'href="{url(bob)}"' in page


def test_an_unknown_factor_is_refused_and_nothing_saved(client, alice, bob):
    client.force_login(alice)
    response = client.post(url(bob), {"health_factors": ["diabetes"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    bob.patient_profile.refresh_from_db()
    assert not bob.patient_profile.has_health_screen


@pytest.mark.parametrize("who", ["olga", "carlos"])
def test_it_is_404_outside_the_care_team(client, request, bob, who):
    """Another clinic's clinician, or a colleague not on Bob's care team."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(bob)).status_code == 404
    assert client.post(url(bob), {"health_factors": ["pregnancy"]}).status_code == 404
    bob.patient_profile.refresh_from_db()
    assert bob.patient_profile.health_factors == []


def test_the_patient_reads_theirs_on_my_programs(client, alice, bob):
    client.force_login(alice)
    client.post(url(bob), {"health_factors": [HealthFactor.PREGNANCY]})
    client.force_login(bob)
    page = client.get("/my/programs/").content.decode()
    assert "Your health check" in page and "<li>you are pregnant</li>" in page
    assert client.get(url(bob)).status_code == 403  # reading, not editing
