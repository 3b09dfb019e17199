"""/programs/<uuid>/: the clinician's view of one program and its history."""

import pytest

from accounts.audit_actions import AuditAction
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
    assert AuditEvent.objects.filter(action=AuditAction.PROGRAM_VIEWED, category="program").exists()


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
