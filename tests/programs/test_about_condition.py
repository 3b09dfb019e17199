"""/my/conditions/<slug>/: "About your condition" for the patient, with the red flags and
the clinic's contact; only the patient's own conditions (issue 15)."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def heel(db):
    return factories.ConditionFactory(
        slug="heel-pain",
        name="Plantar heel pain",
        description="The band under your foot is sore where it meets the heel.",
        how_long="Most people are much better within a few months.",
        what_helps=["Stretching the calf and the sole every day."],
        daily_life=["Wear cushioned shoes with a firm heel."],
        red_flags=["Numbness or tingling in the foot.", "Heel pain after a fall."],
        when_to_stop=["Pain above your limit."],
        symptom_label="first-step pain",
    )


@pytest.fixture
def heel_program(alice, bob, heel):
    return factories.ProgramFactory(prescriber=alice, patient=bob, condition=heel, pain_limit=4)


def url(condition):
    return f"/my/conditions/{condition.slug}/"


def test_it_explains_the_condition_with_red_flags_and_the_clinic(as_bob, bob, heel_program, heel):
    page = as_bob.get(url(heel)).content.decode()

    assert "About your condition" in page
    assert "Most people are much better within a few months." in page
    assert "Wear cushioned shoes with a firm heel." in page
    assert "See a doctor today if you notice any of these" in page
    assert "Numbness or tingling in the foot." in page
    assert "up to your limit of 4 out of 10" in page
    assert "your first-step pain should be back to where it usually is" in page
    assert bob.clinic.name in page and 'href="tel:02079460123"' in page
    assert f'href="mailto:{bob.clinic.contact_email}"' in page
    assert AuditEvent.objects.filter(
        action=AuditAction.CONDITION_GUIDE_VIEWED, patient=bob
    ).exists()


def test_it_gives_the_clinics_opening_hours_with_its_contact(as_bob, bob, heel_program, heel):
    assert "opening hours" not in as_bob.get(url(heel)).content.decode()
    bob.clinic.opening_hours = "Mon–Fri 8am–6pm"
    bob.clinic.save()
    assert "opening hours: Mon–Fri 8am–6pm" in as_bob.get(url(heel)).content.decode()


def test_it_is_linked_from_today_and_my_program(as_bob, heel_program, heel):
    assert url(heel) in as_bob.get("/today/").content.decode()
    assert url(heel) in as_bob.get(f"/my/programs/{heel_program.pk}/").content.decode()


def test_it_reads_the_profiles_condition_without_a_program(as_bob, bob, heel):
    bob.patient_profile.condition = heel
    bob.patient_profile.save()

    assert as_bob.get(url(heel)).status_code == 200


def test_another_condition_is_not_found(as_bob, heel_program):
    other = factories.ConditionFactory()

    assert as_bob.get(url(other)).status_code == 404
    assert as_bob.get("/my/conditions/no-such-thing/").status_code == 404


def test_a_draft_programs_condition_stays_hidden(as_bob, alice, bob):
    hidden = factories.ConditionFactory()
    factories.ProgramFactory(prescriber=alice, patient=bob, condition=hidden, status="draft")

    assert as_bob.get(url(hidden)).status_code == 404


def test_it_is_for_patients_only(client, alice, heel_program, heel):
    client.force_login(alice)
    assert client.get(url(heel)).status_code == 403
    client.logout()
    assert client.get(url(heel)).status_code == 302


def test_it_refuses_post(as_bob, heel_program, heel):
    assert as_bob.post(url(heel)).status_code == 405


def test_its_query_count_is_fixed(as_bob, heel_program, heel, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert as_bob.get(url(heel)).status_code == 200
