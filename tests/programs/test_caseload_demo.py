"""seed_demo gives the demo caseload a spread of patients, once."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from programs.models import FlagKind, Program, SessionLog
from programs.review.caseload import CaseloadFilters, caseload_page
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_seeds_a_spread_of_flags_once():
    heel = factories.ConditionFactory(slug="plantar-fasciitis")
    for _ in range(4):
        factories.ExerciseFactory().conditions.add(heel)
    call_command("seed_demo", stdout=io.StringIO())
    admin = User.objects.get(email="admin@northside.example")
    page = caseload_page(user=admin, filters=CaseloadFilters(), page=1, now=timezone.now())
    kinds = {row.full_name: {flag.kind for flag in row.flags} for row in page.rows}
    assert FlagKind.RED_PAIN in kinds["Bob Hughes"]
    assert FlagKind.RISING_PAIN in kinds["Dana Whitfield"]
    assert FlagKind.MISSED in kinds["Ed Okafor"]
    assert FlagKind.PROGRESS in kinds["Fay Lindqvist"]
    assert kinds["Gus Ferreira"] == set()
    logs = SessionLog.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert SessionLog.objects.count() == logs and Program.objects.count() == 5


def test_it_says_so_when_there_are_no_exercises():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "no demo programs or logs were made" in out.getvalue()
    assert not Program.objects.exists()
