"""The weekly red-flag check-in: the condition's red flags asked as yes/no, once a week."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import PatientProfile


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(patient_id__in=PatientProfile.objects.visible_to(user).values("user_id"))


class RedFlagCheckIn(models.Model):
    """One answered check-in: every question as asked, with the patient's yes or no.

    The questions are copied, as prescriptions copy their instructions: a later catalogue
    edit does not change what the patient was asked.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flag_check_ins"
    )
    condition = models.ForeignKey(
        "exercises.Condition", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField(help_text="The patient-local date it was answered.")
    answers = models.JSONField(help_text='[{"question": "...", "yes": false}, ...]')
    any_yes = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            # Answering twice on one day (two tabs, a retry) keeps the first answers.
            models.UniqueConstraint(fields=["patient", "date"], name="one_check_in_a_day"),
        ]

    def __str__(self):
        return f"Check-in {self.date}"

    @property
    def yes_answers(self) -> list[str]:
        return [answer["question"] for answer in self.answers if answer["yes"]]
