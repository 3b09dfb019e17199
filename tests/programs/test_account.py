"""/my/account/: the patient's own account page: details, the clinic's contact, their
handouts, their conditions, their time zone and the way to their password."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ProgramStatus
from tests import factories
from tests.programs.log_support import LONDON, frozen_at

pytestmark = pytest.mark.django_db

URL = "/my/account/"


@pytest.fixture
def heel(db):
    return factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")


@pytest.fixture
def heel_program(bob, alice, heel):
    return factories.ProgramFactory(
        patient=bob, prescriber=alice, title="Heel pain, early phase", condition=heel
    )


def test_it_shows_the_patients_details_and_the_way_to_the_password(as_bob):
    page = as_bob.get(URL).content.decode()
    assert "<dd>Bob Hughes</dd>" in page
    assert "bob@patients.test</dd>" in page
    assert 'href="/password/change/"' in page


def test_it_gives_the_clinics_contact_to_call_or_write(as_bob, bob, northside):
    northside.opening_hours = "Mon–Fri 8am–6pm"
    northside.save()
    page = as_bob.get(URL).content.decode()
    assert 'id="clinic-contact"' in page
    assert "Your clinic: Northside" in page
    assert '<a class="btn btn-outline-primary btn-lg w-100 mb-2" href="tel:02079460123">' in page
    assert "Call 020 7946 0123" in page
    assert f'href="mailto:{northside.contact_email}"' in page
    assert "<strong>Opening hours:</strong> Mon–Fri 8am–6pm" in page


def test_it_says_so_when_the_clinic_has_no_contact_yet(as_bob, northside):
    northside.phone = northside.contact_email = ""
    northside.save()
    page = as_bob.get(URL).content.decode()
    assert "has not added a phone number or e-mail here yet" in page
    assert "tel:" not in page and "mailto:" not in page


def test_it_lists_a_handout_for_each_program_but_drafts(as_bob, bob, alice, heel_program):
    factories.ProgramFactory(
        patient=bob, prescriber=alice, title="Next phase", status=ProgramStatus.DRAFT
    )
    page = as_bob.get(URL).content.decode()
    assert "Heel pain, early phase" in page and "Next phase" not in page
    assert f'href="/my/programs/{heel_program.pk}/print/"' in page
    assert f'href="/my/programs/{heel_program.pk}/handout.pdf"' in page


def test_it_links_to_about_each_of_the_patients_conditions(as_bob, heel_program, heel):
    page = as_bob.get(URL).content.decode()
    assert 'href="/my/conditions/plantar-fasciitis/"' in page


def test_it_has_no_handouts_or_conditions_before_a_program(as_bob):
    page = as_bob.get(URL).content.decode()
    assert "You have no program yet." in page
    assert "/my/conditions/" not in page


def test_the_menu_names_the_patient_and_leads_here(as_bob):
    page = as_bob.get("/my/programs/").content.decode()
    assert '<a class="nav-link" href="/my/account/">Bob</a>' in page


def test_the_menu_still_leads_staff_to_their_password(as_alice):
    page = as_alice.get("/caseload/").content.decode()
    assert '<a class="nav-link" href="/password/change/">Alice</a>' in page


def test_it_selects_the_current_time_zone_among_grouped_ones(as_bob, bob):
    page = as_bob.get(URL).content.decode()
    # Following the clinic: the first choice, selected.
    assert '<option value="" selected>The same as my clinic (Europe/London)</option>' in page
    assert '<optgroup label="Europe">' in page and '<optgroup label="America">' in page
    assert '<option value="America/Argentina/Buenos_Aires">Buenos Aires (Argentina)' in page

    bob.patient_profile.timezone = "Europe/Paris"
    bob.patient_profile.save()
    page = as_bob.get(URL).content.decode()
    assert '<option value="Europe/Paris" selected>Paris</option>' in page


def test_it_saves_and_audits_a_new_time_zone(client, bob):
    client.force_login(bob)
    response = client.post(URL, {"timezone": "America/New_York"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your time zone is saved." in response.content.decode()
    bob.patient_profile.refresh_from_db()
    assert bob.patient_profile.timezone == "America/New_York"
    event = AuditEvent.objects.get(action=AuditAction.TIME_ZONE_SAVED)
    assert (event.patient, event.user, event.category) == (bob, bob, "account")
    # The patient's own action: not on the list of who else looked at their record.
    assert not AuditEvent.objects.access_log_for(bob).exists()


def test_the_new_time_zone_moves_the_patients_today(client, bob, frozen_late_evening):
    client.force_login(bob)
    assert "on Friday 20 November" in client.get(URL).content.decode()
    client.post(URL, {"timezone": "Asia/Tokyo"})
    assert "on Saturday 21 November" in client.get(URL).content.decode()


def test_it_goes_back_to_the_clinics_time_zone(as_bob, bob):
    bob.patient_profile.timezone = "Asia/Tokyo"
    bob.patient_profile.save()
    as_bob.post(URL, {"timezone": ""})
    bob.patient_profile.refresh_from_db()
    assert bob.patient_profile.timezone == ""


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "Etc/GMT+5", "<script>", "x" * 300])
def test_it_refuses_a_time_zone_not_in_the_list_and_saves_nothing(client, bob, value):
    bob.patient_profile.timezone = "Europe/Paris"
    bob.patient_profile.save()
    client.force_login(bob)

    response = client.post(URL, {"timezone": value})

    assert response.status_code == 200
    assert "Please choose your time zone from the list." in response.content.decode()
    bob.patient_profile.refresh_from_db()
    assert bob.patient_profile.timezone == "Europe/Paris"
    event = AuditEvent.objects.get(category="account")
    assert (event.action, event.outcome) == (AuditAction.TIME_ZONE_REFUSED, "failed")


def test_it_audits_the_view(as_bob, bob):
    as_bob.get(URL)
    event = AuditEvent.objects.get(category="account")
    assert (event.action, event.patient, event.object_id) == (
        AuditAction.ACCOUNT_VIEWED,
        bob,
        "my_account",
    )


@pytest.mark.parametrize("programs", [1, 6])
def test_its_query_count_does_not_grow_with_programs(client, bob, alice, heel, programs):
    for n in range(programs):
        condition = heel if n == 0 else factories.ConditionFactory()
        factories.ProgramFactory(patient=bob, prescriber=alice, condition=condition)
    client.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL).content.decode()
    assert page.count("Open to print") == programs
    # session, user with profile and clinic, audit, programs, conditions (programs' a subquery)
    assert len(queries) == 6  # the audit row is two statements: the row and its seal


@pytest.fixture
def frozen_late_evening():
    """Friday 20 November 2026, 22:00 in London: already Saturday in Tokyo."""
    with frozen_at(datetime.datetime(2026, 11, 20, 22, tzinfo=LONDON)):
        yield
