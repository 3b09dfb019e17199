"""What an API token may read: its own clinic's patients and their records, nothing else.
The endpoint fetches every object through these, so another clinic's patient is a 404, the
same answer as one that does not exist."""

from accounts.models import PatientProfile
from programs.models import OutcomeResponse, Program, SessionLog


def profiles_for(token):
    """The clinic's patients' profiles, with what the record's resources read."""
    return PatientProfile.objects.filter(user__clinic_id=token.clinic_id).select_related(
        "user__clinic", "condition"
    )


def programs_for(token):
    return Program.objects.filter(patient__clinic_id=token.clinic_id)


def logs_for(token):
    return SessionLog.objects.filter(patient__clinic_id=token.clinic_id)


def responses_for(token):
    return OutcomeResponse.objects.filter(patient__clinic_id=token.clinic_id)
