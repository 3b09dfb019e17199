import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patient_signs_in_on_a_phone(phone, bob):
    phone.goto("/login/")
    assert_accessible(phone)
    screenshot(phone, "patient-login")
    phone.get_by_label("Email").fill(bob.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/today/")
    assert phone.get_by_role("heading", name="Today").is_visible()


def test_a_wrong_password_is_explained(phone, bob):
    phone.goto("/login/")
    phone.get_by_label("Email").fill(bob.email)
    phone.get_by_label("Password").fill("not-the-password")
    phone.get_by_role("button", name="Sign in").click()
    assert phone.get_by_text("Please enter a correct").is_visible()
    assert phone.url.endswith("/login/")
