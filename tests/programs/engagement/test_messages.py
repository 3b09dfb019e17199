"""Messages between a patient and their care team: threads, unread counts, replies,
limits, escaping, the rate limit, and an e-mail notice that says nothing else."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from programs.engagement import messages as thread
from programs.models import Message
from programs.models.engagement import MESSAGE_MAX_LENGTH
from tests import factories
from tests.programs.engagement.conftest import run_worker

MINE = reverse("patient_messages")


def team_url(patient):
    return reverse("clinician_messages", kwargs={"patient_id": patient.pk})


def test_a_patient_writes_and_the_care_team_sees_it_unread_then_replies(
    client, bob, alice, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks() as notices:
        response = client.post(MINE, {"body": "My heel hurt a lot after the stretch."})
    assert response.status_code == 302
    assert len(notices) == 1, "the e-mail notice is queued once the message is saved"

    client.force_login(alice)
    caseload = client.get(reverse("clinician_home")).content.decode()
    assert "1 unread message" in caseload
    detail = client.get(reverse("patient_detail", kwargs={"patient_id": bob.pk})).content
    assert b"1 unread" in detail
    page = client.get(team_url(bob)).content.decode()
    assert "My heel hurt a lot after the stretch." in page
    assert "unread" not in client.get(reverse("clinician_home")).content.decode()
    client.post(team_url(bob), {"body": "Thanks Bob, ease off for two days."})

    client.force_login(bob)
    assert thread.unread_for_patient(bob) == 1
    page = client.get(MINE).content.decode()
    assert "Thanks Bob, ease off for two days." in page and "Alice Moreau" in page
    assert thread.unread_for_patient(bob) == 0


def test_every_view_and_send_is_audited(client, bob, alice):
    client.force_login(bob)
    client.get(MINE)
    client.post(MINE, {"body": "Hello"})
    client.force_login(alice)
    client.get(team_url(bob))
    actions = list(
        AuditEvent.objects.exclude(action="session.started")
        .order_by("id")
        .values_list("action", "patient_id")
    )
    assert actions == [
        ("messages.viewed", bob.pk),
        ("message.sent", bob.pk),
        ("messages.viewed", bob.pk),
    ]


def test_a_clinician_outside_the_care_team_gets_a_404(client, bob, carlos, olga):
    for outsider in (carlos, olga):
        client.force_login(outsider)
        assert client.get(team_url(bob)).status_code == 404
        assert client.post(team_url(bob), {"body": "Hi"}).status_code == 404
    assert not Message.objects.exists()


def test_a_message_is_escaped(client, bob, alice):
    client.force_login(bob)
    client.post(MINE, {"body": "<script>alert(1)</script>\nsecond line"})
    client.force_login(alice)
    page = client.get(team_url(bob)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in page


@pytest.mark.parametrize(
    ("body", "problem"),
    [("", "write your message"), ("   ", "write your message"), ("x" * 2001, "under 2000")],
)
def test_it_refuses_an_empty_or_too_long_message(client, bob, body, problem):
    client.force_login(bob)
    response = client.post(MINE, {"body": body})
    assert response.status_code == 200
    assert problem in " ".join(response.context["form"].errors["body"])
    assert not Message.objects.exists()
    assert AuditEvent.objects.filter(action="message.refused").count() == 1


def test_it_limits_the_rate(client, bob):
    now = timezone.now()
    for minutes in range(thread.RATE_LIMIT):
        Message.objects.create(
            patient=bob, author=bob, body="Hi", created_at=now - datetime.timedelta(minutes=minutes)
        )
    client.force_login(bob)
    response = client.post(MINE, {"body": "One more"})
    assert "phone your clinic" in str(response.context["form"].non_field_errors())
    assert Message.objects.count() == thread.RATE_LIMIT
    # An hour on, it is accepted again.
    later = now + thread.RATE_WINDOW + datetime.timedelta(minutes=thread.RATE_LIMIT)
    thread.send_message(author=bob, patient=bob, body="Later", now=later)


def test_a_deactivated_person_cannot_send(bob, alice):
    alice.is_active = False
    with pytest.raises(ValidationError, match="deactivated"):
        thread.send_message(author=alice, patient=bob, body="Hello")
    assert not Message.objects.exists()


def test_the_database_refuses_an_empty_or_too_long_body(bob):
    for body in ("", "x" * (MESSAGE_MAX_LENGTH + 1)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Message.objects.create(patient=bob, author=bob, body=body)


def test_the_caseload_counts_unread_in_one_query_whatever_the_patients(client, alice, bob):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("clinician_home"))
        return len(captured)

    client.force_login(alice)
    Message.objects.create(patient=bob, author=bob, body="Hi")
    few = queries()
    for n in range(5):
        patient = factories.PatientFactory(clinic=alice.clinic, care_team=[alice])
        Message.objects.create(patient=patient, author=patient, body=f"Message {n}")
    assert queries() == few


@pytest.mark.django_db(transaction=True)
def test_the_notice_says_only_that_there_is_a_message(bob, alice, carlos, smtp_inbox):
    bob.patient_profile.care_team.add(carlos)
    thread.send_message(author=bob, patient=bob, body="My heel hurts at night, 7/10")
    run_worker()
    assert sorted(m["To"] for m in smtp_inbox.messages) == [alice.email, carlos.email]
    for email in smtp_inbox.messages:
        body = email.get_body(preferencelist=("plain",)).get_content()
        assert email["Subject"] == "You have a new message in Stride"
        assert f"/patients/{bob.pk}/messages/" in body
        for secret in ("heel", "7/10", "Bob", "Hughes", bob.email):
            assert secret not in body + email["Subject"]
    smtp_inbox.messages.clear()
    thread.send_message(author=alice, patient=bob, body="Please rest it")
    run_worker()
    [notice] = smtp_inbox.to(bob.email)
    assert "/my/messages/" in notice.get_body(preferencelist=("plain",)).get_content()
