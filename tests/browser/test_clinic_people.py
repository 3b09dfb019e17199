"""A clinic admin shares the running of the clinic: a clinician becomes an admin."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import assert_page_works, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_makes_a_clinician_an_admin(desktop, nora, alice, carlos):
    page = desktop
    sign_in(page, nora.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clinic").click()
    assert_page_works(page)
    carlos_row = page.get_by_role("listitem").filter(has_text=carlos.email)
    carlos_row.get_by_role("button", name="Make clinic admin").click()
    expect(page.get_by_text(f"{carlos.full_name} is now a clinic admin")).to_be_visible()
    expect(carlos_row.get_by_role("button", name="Make clinician")).to_be_visible()
    assert_page_works(page)
    carlos.refresh_from_db()
    assert carlos.role == Role.CLINIC_ADMIN
