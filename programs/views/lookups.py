"""Fetching through the user: every object a programs view shows comes through its
model's `visible_to(user)`, so one outside the user's reach is a 404, the same answer as
one that does not exist (never a bare `get()` and a check after it)."""

from django.shortcuts import get_object_or_404

from accounts.models import PatientProfile
from programs.models import Program


def patient_profile_for(user, patient_id) -> PatientProfile:
    """The patient's profile, with clinic and condition, if the user may see it."""
    profiles = PatientProfile.objects.visible_to(user).select_related("user__clinic", "condition")
    return get_object_or_404(profiles, user_id=patient_id)


def program_for(user, program_id) -> Program:
    """The program, with its patient's clinic and its condition, if the user may see it."""
    programs = Program.objects.visible_to(user).select_related("patient__clinic", "condition")
    return get_object_or_404(programs, pk=program_id)
