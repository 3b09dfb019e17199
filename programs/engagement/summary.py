"""What the care team sees of a patient's engagement on the patient's page: whether
reminders are on (and when), and the messages waiting for them. Two queries."""

import datetime
from dataclasses import dataclass

from exercises.dose import days_in_words
from programs.engagement.messages import unread_counts
from programs.models import ReminderSettings


@dataclass(frozen=True)
class Engagement:
    reminders_on: bool
    reminder_times: list[datetime.time]
    reminder_days: str
    unread_messages: int


def engagement_of(*, viewer, patient) -> Engagement:
    settings = ReminderSettings.objects.visible_to(viewer).filter(patient=patient).first()
    on = bool(settings and settings.enabled and settings.weekdays)
    return Engagement(
        reminders_on=on,
        reminder_times=list(settings.times) if on else [],
        reminder_days=days_in_words(settings.weekdays) if on else "",
        unread_messages=unread_counts(user=viewer, patient_ids=[patient.pk]).get(patient.pk, 0),
    )
