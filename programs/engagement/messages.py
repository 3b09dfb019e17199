"""Messages between a patient and their care team: one thread per patient.

The patient writes to the team, anyone on the team (or a clinic admin) replies; the other
side gets an e-mail that says only that there is a new message, with a link. A person may
send `RATE_LIMIT` messages per `RATE_WINDOW`: enough for a conversation, not for a flood.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Count
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from programs.models import Message

logger = logging.getLogger(__name__)

RATE_LIMIT = 10
RATE_WINDOW = datetime.timedelta(hours=1)


def send_message(*, author, patient, body: str, now: datetime.datetime | None = None) -> Message:
    """Add `body` to `patient`'s thread, then e-mail the other side once it is committed.
    Raises ValidationError (nothing saved) for a deactivated author or past the rate limit;
    the form has checked the text."""
    now = now or timezone.now()
    if not author.is_active:
        raise ValidationError("This account is deactivated and cannot send messages.")
    with transaction.atomic():
        recent = Message.objects.filter(author=author, created_at__gt=now - RATE_WINDOW)
        if recent.count() >= RATE_LIMIT:
            raise ValidationError(
                f"You have sent {RATE_LIMIT} messages in the last hour. Please wait a while "
                "before sending another; for anything urgent, phone your clinic."
                if author.is_patient
                else f"You have sent {RATE_LIMIT} messages in the last hour. Please wait a "
                "while before sending another."
            )
        message = Message.objects.create(patient=patient, author=author, body=body, created_at=now)
        transaction.on_commit(lambda: send_message_notice.enqueue(str(message.pk)))
    return message


def read_thread(*, reader, patient, now: datetime.datetime | None = None) -> list[Message]:
    """The thread, oldest first, after marking read what was waiting for `reader`'s side.
    Two queries: the update and the read."""
    Message.objects.filter(patient=patient).unread_for(reader).update(read_at=now or timezone.now())
    return list(Message.objects.filter(patient=patient).select_related("author"))


def unread_counts(*, user, patient_ids=None) -> dict:
    """Patient id → messages from that patient the care team has not read, for the given
    patients, or every one `user` may see when none are given. Always one query (so an
    empty caseload page counts the queries of a full one), through the unread index."""
    messages = Message.objects.visible_to(user).unread_for(user)
    if patient_ids:
        messages = messages.filter(patient_id__in=list(patient_ids))
    rows = messages.values("patient_id").annotate(count=Count("id"))
    return {row["patient_id"]: row["count"] for row in rows}


def unread_for_patient(patient) -> int:
    return Message.objects.filter(patient=patient).unread_for(patient).count()


def notice_recipients(message: Message) -> list[tuple[str, str]]:
    """(e-mail, link) of the people to tell: the patient, or the active care team."""
    patient = message.patient
    if not message.from_patient:
        return [(patient.email, reverse("patient_messages"))] if patient.is_active else []
    link = reverse("clinician_messages", kwargs={"patient_id": patient.pk})
    team = patient.patient_profile.care_team.filter(is_active=True).order_by("email")
    return [(member.email, link) for member in team]


@task()
def send_message_notice(message_id: str) -> int:
    """The background task (ids only in the queue) of `send_notice`."""
    return send_notice(message_id=message_id)


def send_notice(*, message_id: str) -> int:
    """E-mail "You have a new message in Stride" to the other side; how many went out.
    Never the text, the sender's name or the patient's: only a link to sign in and read."""
    message = Message.objects.select_related("patient").filter(pk=message_id).first()
    if message is None:
        return 0
    emails = [
        EmailMessage(
            subject="You have a new message in Stride",
            body=render_to_string(
                "programs/email/message_notice.txt", {"link": settings.SITE_URL + link}
            ),
            to=[address],
        )
        for address, link in notice_recipients(message)
    ]
    if not emails:
        return 0
    try:
        return mailers.default.send_messages(emails)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send the notice of message %s", message.pk)
        return 0
