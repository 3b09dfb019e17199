"""Stride's records as FHIR R4 resources, as plain dicts ready for JSON: one function per
resource kind, each reading objects already loaded (programs.fhir.record loads them in a
fixed number of queries). tests/programs/test_fhir_bundle.py validates every kind with
`fhir.resources`' R4B models.

Resource ids are Stride's own: a patient's and a program's UUID; a condition is a patient's
UUID (hex) and the catalogue condition's id, since one catalogue condition is a resource per
patient; a daily score is its log's UUID and which score it is. Each fits FHIR's id rule
([A-Za-z0-9-.], at most 64 characters) and reads back to the row it came from.
"""

from programs.fhir import codes
from programs.models import ProgramStatus

MORNING, EXERCISE = "morning", "exercise"


def reference(resource_type: str, resource_id) -> dict:
    return {"reference": f"{resource_type}/{resource_id}"}


def patient_reference(patient) -> dict:
    return reference("Patient", patient.pk)


def patient_resource(patient) -> dict:
    profile = patient.patient_profile
    resource = {
        "resourceType": "Patient",
        "id": str(patient.pk),
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{patient.pk}"}],
        "active": patient.is_active,
        "telecom": [{"system": "email", "value": patient.email}],
        # By name only: the bundle carries no Organization resource to point at.
        "managingOrganization": {"display": patient.clinic.name},
    }
    if patient.full_name:
        resource["name"] = [{"text": patient.full_name}]
    if profile.date_of_birth:
        resource["birthDate"] = profile.date_of_birth.isoformat()
    return resource


def condition_id(patient, condition) -> str:
    return f"{patient.pk.hex}-{condition.pk}"


def condition_resource(*, patient, condition, active: bool) -> dict:
    """`active`: the patient is being treated for it (their profile's condition, or one of
    their programs' that is not completed). Otherwise Stride does not know whether it
    resolved, so the clinical status is left out rather than guessed."""
    code = {"text": condition.name}
    snomed = codes.SNOMED_BY_CONDITION_SLUG.get(condition.slug)
    if snomed:
        code["coding"] = [{"system": codes.SNOMED, "code": snomed[0], "display": snomed[1]}]
    resource = {
        "resourceType": "Condition",
        "id": condition_id(patient, condition),
        "code": code,
        "subject": patient_reference(patient),
    }
    if active:
        resource["clinicalStatus"] = {
            "coding": [{"system": codes.CONDITION_CLINICAL, "code": "active"}]
        }
    return resource


def activity_status(program, item, today) -> str:
    """A prescription's status on `today`: a version closed by a dose change or a removal
    is stopped; otherwise it follows its program."""
    if program.status == ProgramStatus.DRAFT:
        return "not-started"
    if item.valid_until is not None and item.valid_until < today:
        return "stopped"
    if program.status == ProgramStatus.COMPLETED:
        return "completed"
    if program.status == ProgramStatus.PAUSED:
        return "on-hold"
    return "scheduled" if item.valid_from > today else "in-progress"


def scheduled_timing(program, item) -> dict:
    """Its times a day on its weekdays, from the day the version starts to the day it ends
    (or the program does)."""
    bounds = {"start": item.valid_from.isoformat()}
    end = item.valid_until or program.end_date
    if end is not None:
        bounds["end"] = end.isoformat()
    return {
        "repeat": {
            "boundsPeriod": bounds,
            "frequency": item.times_per_day,
            "period": 1,
            "periodUnit": "d",
            "dayOfWeek": [codes.FHIR_WEEKDAYS[day] for day in item.weekday_list],
        }
    }


def activity(program, item, today) -> dict:
    description = item.dose_text + (f". {item.note}" if item.note else "")
    return {
        "detail": {
            "code": {"text": item.name},
            "status": activity_status(program, item, today),
            "description": description,
            "scheduledTiming": scheduled_timing(program, item),
        }
    }


def careplan_resource(*, program, items, today) -> dict:
    """A program with every version of its items (`items`, in order): a dose change shows as
    the old version stopped and the new one in progress, each with its dates."""
    period = {"start": program.start_date.isoformat()}
    if program.end_date:
        period["end"] = program.end_date.isoformat()
    resource = {
        "resourceType": "CarePlan",
        "id": str(program.pk),
        "status": codes.CAREPLAN_STATUS[program.status],
        "intent": "plan",
        "category": [{"text": "Home exercise program"}],
        "title": program.title,
        "description": (
            f"Home exercise program. Pain during the exercises up to {program.pain_limit} "
            "out of 10 is acceptable."
        ),
        "subject": patient_reference(program.patient),
        "period": period,
        "created": program.created_at.isoformat(),
        "author": {"display": program.prescriber.full_name},
        "activity": [activity(program, item, today) for item in items],
    }
    if program.condition_id:
        condition = program.condition
        resource["addresses"] = [reference("Condition", condition_id(program.patient, condition))]
    return resource


def observation_id(log_id, which: str) -> str:
    return f"{log_id}-{which}"


def pain_code(*, which: str, symptom) -> dict:
    """The daily score's code: LOINC's 0–10 pain score where the score is about pain, with
    Stride's own code beside it saying which of the day's two scores it is."""
    if which == MORNING:
        own = {"code": codes.MORNING_SCORE, "display": symptom.heading}
        text = f"{symptom.heading} (0–10)"
        is_pain = "pain" in symptom.label
    else:
        own = {"code": codes.EXERCISE_PAIN, "display": "Worst pain during the exercises"}
        text = "Worst pain during the exercises (0–10)"
        is_pain = True
    coding = [{"system": codes.endpoint_url(codes.DAILY_SCORE_SYSTEM), **own}]
    if is_pain:
        loinc_code, display = codes.PAIN_SCORE_LOINC
        coding.insert(0, {"system": codes.LOINC, "code": loinc_code, "display": display})
    return {"coding": coding, "text": text}


def pain_observations(*, log, program, symptom) -> list[dict]:
    """A daily log's scores, one Observation each: the morning symptom and the worst pain
    during the exercises are taken at different times of day and about different things,
    and either may be missing, so neither is a component of the other (components are for
    parts measured together, like a blood pressure's two numbers). Both point to the
    program they were logged for."""
    scores = [(MORNING, log.morning_pain), (EXERCISE, log.exercise_pain)]
    return [
        {
            "resourceType": "Observation",
            "id": observation_id(log.pk, which),
            "basedOn": [reference("CarePlan", program.pk)],
            "status": "final",
            "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}],
            "code": pain_code(which=which, symptom=symptom),
            "subject": patient_reference(program.patient),
            "effectiveDateTime": log.date.isoformat(),
            "issued": log.updated_at.isoformat(),
            "performer": [patient_reference(program.patient)],
            "valueInteger": score,
        }
        for which, score in scores
        if score is not None
    ]
