"""The codes Stride's FHIR resources carry, each said once: code systems, the SNOMED CT code
of a catalogue condition, the LOINC code of a pain score, and how a program's status reads
as a CarePlan's."""

from django.conf import settings

from programs.models import ProgramStatus

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"


def endpoint_url(path: str) -> str:
    """A URL on this server's FHIR endpoint: a resource's ("…/fhir/Patient/<id>"), or a code
    system of Stride's own ("…/fhir/CodeSystem/daily-scores")."""
    return f"{settings.SITE_URL}/fhir/{path}"


# The catalogue has no code column yet: a condition is coded here when its code is known for
# certain, and by its name alone otherwise (Condition.code.text), which FHIR allows.
SNOMED_BY_CONDITION_SLUG = {
    "plantar-fasciitis": ("202882003", "Plantar fasciitis"),
}

# "Pain severity - 0-10 verbal numeric rating [Score] - Reported": the 0–10 scale the daily
# log asks on. A condition's morning score that is not about pain (Achilles "morning
# stiffness") is not this code: it keeps Stride's own code and the question's words.
PAIN_SCORE_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")

# Stride's own codes for the two scores of a daily log, beside LOINC's: a receiving system
# tells the morning score from the pain during the exercises by these.
DAILY_SCORE_SYSTEM = "CodeSystem/daily-scores"
MORNING_SCORE = "morning-symptom"
EXERCISE_PAIN = "exercise-pain"

CAREPLAN_STATUS = {
    ProgramStatus.DRAFT: "draft",
    ProgramStatus.ACTIVE: "active",
    ProgramStatus.PAUSED: "on-hold",
    ProgramStatus.COMPLETED: "completed",
}

FHIR_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # bit 0 of a mask is Monday
