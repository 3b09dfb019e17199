"""The health record in FHIR, in a browser: the clinic admin makes an API token (shown once)
and revokes it; the care team downloads a patient's record from the patient's page."""

import json

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_page_works, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_makes_a_token_sees_it_once_and_revokes_it(desktop, phone, nora):
    for page, size in ((desktop, "desktop"), (phone, "phone")):
        sign_in(page, nora.email, PASSWORD)
        page.goto("/clinic/settings/")
        page.get_by_role("link", name="API tokens").click()
        assert_page_works(page)
        page.get_by_label("Name").fill(f"Practice system ({size})")
        page.get_by_role("button", name="Make a token").click()
        token = page.get_by_role("textbox", name="Token").input_value()
        assert token.startswith("stride_")
        expect(page.get_by_text("This is the only time it is shown")).to_be_visible()
        assert_page_works(page, shot=f"clinic-api-token-made-{size}")
        # Opened again, the page lists the token without showing it.
        page.goto("/clinic/settings/api-tokens/")
        expect(page.get_by_role("textbox", name="Token")).to_have_count(0)
    desktop.get_by_role("button", name="Revoke Practice system (desktop)").click()
    expect(desktop.get_by_text("is revoked: it can no longer read any record")).to_be_visible()
    assert_page_works(desktop, shot="clinic-api-tokens-desktop")


def test_the_care_team_downloads_a_patients_record(desktop, alice, bob):
    program = factories.ProgramFactory(prescriber=alice, patient=bob)
    factories.PrescriptionFactory(program=program)
    factories.SessionLogFactory(program=program)
    page = desktop
    sign_in(page, alice.email, PASSWORD)
    page.goto(f"/patients/{bob.pk}/")
    assert_page_works(page, shot="clinician-patient-health-record-desktop")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download health record (FHIR)").click()

    bundle = json.loads(download.value.path().read_text())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert download.value.suggested_filename.startswith("health-record-")
