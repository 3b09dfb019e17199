import pytest

from accounts.backends import UserBackend
from accounts.dates import user_timezone

pytestmark = pytest.mark.django_db


def test_it_loads_a_patient_with_profile_and_clinic_in_one_query(bob, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(bob.pk)
        assert user == bob
        assert str(user_timezone(user)) == bob.patient_profile.tzname
        assert user.clinic.require_two_factor is False


def test_it_loads_clinic_staff_without_a_profile_in_one_query(alice, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(alice.pk)
        assert str(user_timezone(user)) == alice.clinic.timezone


def test_it_refuses_a_deactivated_user(bob):
    bob.is_active = False
    bob.save()
    assert UserBackend().get_user(bob.pk) is None


def test_it_returns_nobody_for_an_unknown_id(db):
    assert UserBackend().get_user("00000000-0000-0000-0000-000000000000") is None
