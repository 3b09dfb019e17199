"""/programs/<uuid>/: the clinician's view of one program and its history."""

import pytest

from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def url(program):
    return f"/programs/{program.pk}/"


def test_it_shows_items_in_words_and_the_history(as_alice, program, alice):
    item = program.prescriptions.get(name="Heel raise")
    item.times_per_day, item.weekdays, item.side, item.reps = 2, 0b10101, "left", 12
    item.save()
    change = "Heel raise: 3 sets of 10 → 3 sets of 12"
    factories.ProgramChangeFactory(program=program, summary=change)

    page = as_alice.get(url(program)).content.decode()

    assert "3 sets of 12, left side only, twice a day, on Mon, Wed, Fri" in page
    assert "3 sets, hold 30 seconds, once a day, every day" in page
    assert change in page
    assert f"/programs/{program.pk}/handout.pdf" in page
    assert f"/programs/{program.pk}/print/" in page
    assert AuditEvent.objects.filter(action="program.view", category="program").exists()


def test_it_hides_closed_versions(as_alice, program, today):
    program.prescriptions.filter(name="Heel raise").update(valid_until=today)
    factories.PrescriptionFactory(program=program, name="Closed drill", valid_until=today)
    program.prescriptions.filter(name="Closed drill").update(valid_until=today)

    page = as_alice.get(url(program)).content.decode()

    assert "Closed drill" not in page


def test_its_query_count_does_not_grow_with_items_or_history(
    as_alice, program, django_assert_max_num_queries
):
    def count_queries():
        with django_assert_max_num_queries(8) as captured:
            as_alice.get(url(program))
        return len(captured)

    small = count_queries()
    for _ in range(8):
        factories.PrescriptionFactory(program=program)
        factories.ProgramChangeFactory(program=program)
    assert count_queries() == small


def test_it_is_404_for_other_clinicians_and_clinics(client, program, carlos, olga):
    for outsider in (carlos, olga):
        client.force_login(outsider)
        assert client.get(url(program)).status_code == 404


def test_a_clinic_admin_sees_it(client, program, nora):
    client.force_login(nora)
    assert client.get(url(program)).status_code == 200


def test_it_is_403_for_the_patient(client, program, bob):
    client.force_login(bob)
    assert client.get(url(program)).status_code == 403


def test_it_sends_anonymous_users_to_login(client, program):
    assert client.get(url(program)).url.startswith("/login/")


def test_it_rejects_post(as_alice, program):
    assert as_alice.post(url(program)).status_code == 405
