"""Times are shown in the reader's own zone (accounts.middleware.LocalTimeMiddleware): a
clinic's staff in the clinic's, a patient in their profile's, never the server's UTC."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from accounts.middleware import LocalTimeMiddleware

pytestmark = pytest.mark.django_db


def zone_during_a_request(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    seen = []
    LocalTimeMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))(request)
    return seen[0]


def test_a_patient_reads_times_in_their_own_zone(bob):
    bob.patient_profile.timezone = "America/New_York"
    bob.patient_profile.save()
    assert zone_during_a_request(bob) == "America/New_York"


def test_a_patient_without_a_zone_of_their_own_reads_the_clinics(bob):
    bob.clinic.timezone = "Europe/Lisbon"
    bob.clinic.save()
    assert zone_during_a_request(bob) == "Europe/Lisbon"


def test_staff_read_the_clinics_zone_and_strangers_utc(alice):
    alice.clinic.timezone = "Australia/Sydney"
    alice.clinic.save()
    assert zone_during_a_request(alice) == "Australia/Sydney"
    assert zone_during_a_request(AnonymousUser()) == "UTC"
    assert timezone.get_current_timezone_name() == "UTC"  # and nothing leaks after
