"""The Django admin: Stride's staff pass a second factor before it, patient data there is
read-only, and every look at it is on the audit trail (issue 22, finding 1)."""

import pytest
from django.test import Client

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories
from tests.factories import pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(staff):
    client = Client()
    pass_second_factor(client, staff)
    return client


@pytest.fixture
def log(bob):
    program = factories.ProgramFactory(patient=bob)
    return factories.SessionLogFactory(program=program, morning_pain=3)


def admin_views(log):
    """(url, patient the row must name) for each admin page that shows patient data."""
    program = log.program
    prescription = factories.PrescriptionFactory(program=program)
    flag = factories.FlagFactory(patient=program.patient, program=program)
    change = factories.ProgramChangeFactory(program=program)
    bob = program.patient
    return [
        (f"/admin/programs/sessionlog/{log.pk}/change/", bob),
        (f"/admin/programs/sessionlog/{log.pk}/history/", bob),
        (f"/admin/programs/program/{program.pk}/change/", bob),
        (f"/admin/programs/prescription/{prescription.pk}/change/", bob),
        (f"/admin/programs/flag/{flag.pk}/change/", bob),
        (f"/admin/programs/programchange/{change.pk}/change/", bob),
        (f"/admin/accounts/patientprofile/{bob.patient_profile.pk}/change/", bob),
        (f"/admin/accounts/user/{bob.pk}/change/", bob),
        ("/admin/programs/sessionlog/", None),
        ("/admin/programs/flag/", None),
        ("/admin/accounts/user/", None),
        ("/admin/accounts/auditevent/", None),
    ]


@pytest.mark.parametrize("url", ["/admin/", "/admin/programs/sessionlog/"])
def test_a_password_alone_does_not_open_the_admin(client, staff, url):
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/account/two-factor/setup/?next=")
    assert not AuditEvent.objects.filter(action__startswith="admin.record").exists()


def test_staff_with_an_app_are_asked_for_its_code(client, staff):
    pass_second_factor(Client(), staff)  # the app exists; this session has not used it
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.url.startswith("/account/two-factor/?next=")


def test_staff_set_up_the_app_themselves(client, staff):
    client.force_login(staff)
    response = client.get("/account/two-factor/setup/")
    assert response.status_code == 200
    assert "Stride asks its own staff" in response.text


def test_every_admin_view_of_patient_data_is_audited(staff_client, log):
    for url, patient in admin_views(log):
        before = AuditEvent.objects.count()
        response = staff_client.get(url)
        assert response.status_code == 200, url
        rows = list(AuditEvent.objects.order_by("id")[before:])
        assert len(rows) == 1, url
        assert rows[0].action in {AuditAction.ADMIN_RECORD_VIEWED, AuditAction.ADMIN_RECORDS_LISTED}
        assert rows[0].patient == patient, url


def test_a_pain_score_cannot_be_changed_in_the_admin(staff_client, log):
    url = f"/admin/programs/sessionlog/{log.pk}/change/"
    page = staff_client.get(url)
    assert 'name="morning_pain"' not in page.text  # shown, not editable
    response = staff_client.post(url, {"morning_pain": 0, "date": log.date, "_save": "Save"})
    assert response.status_code == 403
    log.refresh_from_db()
    assert log.morning_pain == 3


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programs/sessionlog/add/",
        "/admin/programs/flag/add/",
        "/admin/accounts/patientprofile/add/",
    ],
)
def test_patient_data_cannot_be_added_in_the_admin(staff_client, url):
    assert staff_client.get(url).status_code == 403


def test_patient_data_cannot_be_deleted_in_the_admin(staff_client, log):
    response = staff_client.post(f"/admin/programs/sessionlog/{log.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert type(log).objects.filter(pk=log.pk).exists()
