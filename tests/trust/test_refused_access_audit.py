"""Refused access is part of the audit trail: who tried, and what kind of refusal."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def refusals():
    return list(
        AuditEvent.objects.filter(category="access").values_list(
            "action", "outcome", "user_id", "object_type", "object_id"
        )
    )


def test_it_audits_a_wrong_role(client, bob):
    client.force_login(bob)
    assert client.get("/caseload/").status_code == 403
    assert refusals() == [
        (AuditAction.ACCESS_REFUSED_ROLE, "denied", bob.pk, "page", "clinician_home")
    ]


def test_it_audits_a_foreign_object(client, alice, otto, olga):
    program = factories.ProgramFactory(prescriber=olga, patient=otto)
    client.force_login(alice)
    assert client.get(f"/programs/{program.pk}/").status_code == 404
    assert refusals() == [
        (AuditAction.ACCESS_REFUSED_OBJECT, "denied", alice.pk, "page", "program_detail")
    ]


def test_an_unknown_address_is_recorded_without_a_page(client, alice):
    client.force_login(alice)
    assert client.get("/no-such-page/").status_code == 404
    assert refusals() == [(AuditAction.ACCESS_REFUSED_OBJECT, "denied", alice.pk, "", "")]


def test_it_leaves_allowed_pages_and_anonymous_visitors_out(client, alice):
    client.get("/caseload/")
    client.force_login(alice)
    assert client.get("/caseload/").status_code == 200
    assert refusals() == []
