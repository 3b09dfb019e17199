"""Messages in a browser: high pain on a phone → "Message your clinician" from the advice →
the clinician sees the unread count on the caseload on a desktop → replies → the patient
reads the reply. Every page checked with axe and for console errors."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_page_works, choose, prescribe, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_high_pain_leads_to_a_message_and_a_reply(phone, desktop, catalogue, alice, bob):
    prescribe(clinician=alice, patient=bob, slugs=["plantar-fascia-stretch"])
    sign_in(phone, bob.email, PASSWORD)
    choose(phone, "Morning pain", "2")
    choose(phone, "Worst pain during the exercises", "8")
    phone.get_by_role("button", name="Save today's log").click()
    advice = phone.get_by_role("status").filter(has_text="above your limit of 5/10")
    advice.get_by_role("link", name="Message your clinician").click()
    expect(phone.get_by_role("heading", name="Messages with your care team")).to_be_visible()
    phone.get_by_label("Your message").fill(
        "The stretch hurt a lot today, 8/10. Should I keep going?"
    )
    assert_page_works(phone)
    phone.get_by_role("button", name="Send to your care team").click()
    expect(phone.get_by_text("Sent. Your care team will reply here.")).to_be_visible()
    assert_page_works(phone, "patient-message-sent-phone")

    sign_in(desktop, alice.email, PASSWORD)
    bob_row = desktop.get_by_role("row").filter(has_text="Bob Hughes")
    unread = bob_row.get_by_role("link", name="1 unread message")
    expect(unread).to_be_visible()
    assert_page_works(desktop, "clinician-caseload-unread-message")
    unread.click()
    expect(desktop.get_by_role("heading", name="Messages with Bob Hughes")).to_be_visible()
    expect(desktop.get_by_text("The stretch hurt a lot today, 8/10.")).to_be_visible()
    desktop.get_by_label("Your message").fill(
        "Thanks Bob. Ease off to half the holds for two days, then tell me how it feels."
    )
    assert_page_works(desktop)
    desktop.get_by_role("button", name="Send reply").click()
    expect(desktop.get_by_text("Your reply is sent to Bob Hughes.")).to_be_visible()
    assert_page_works(desktop, "clinician-messages-reply")
    desktop.goto("/caseload/")
    expect(desktop.get_by_role("link", name="1 unread message")).to_have_count(0)

    phone.goto("/today/")
    phone.get_by_role("link", name="Message your care team").click()
    expect(phone.get_by_text("Ease off to half the holds for two days")).to_be_visible()
    expect(phone.get_by_text("Alice Moreau")).to_be_visible()
    assert_page_works(phone, "patient-message-reply-phone")
