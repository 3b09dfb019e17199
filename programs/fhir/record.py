"""One patient's health record as a FHIR Bundle, read in a fixed number of queries whatever
the number of logs: the programs (with their condition and prescriber), every version of
their items, the logs with a score, and the outcome questionnaires with their answers. The
caller fetches the patient through its own access rule (a care team member's `visible_to`,
an API token's clinic)."""

import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.dates import local_today
from programs.fhir import questionnaires, resources
from programs.fhir.codes import endpoint_url
from programs.models import (
    OutcomeAnswer,
    OutcomeResponse,
    Prescription,
    Program,
    ProgramStatus,
    SessionLog,
)
from programs.outcomes import instruments
from programs.symptoms import symptom_of


@dataclass
class PatientRecord:
    patient: object  # a User with `patient_profile` (and its condition) and `clinic` joined
    programs: list  # with `condition`, `prescriber` and every item version as `fhir_items`
    logs: list  # the logs with at least one score, oldest first
    responses: list  # outcome questionnaires started or completed, with `fhir_answers`
    today: object  # the patient's local date: what "stopped" and "scheduled" are told by


def programs_of(patient):
    """The patient's programs with what their CarePlans show: two queries."""
    items = Prescription.objects.order_by("order", "valid_from")
    programs = list(
        Program.objects.filter(patient_id=patient.pk)
        .select_related("condition", "prescriber")
        .prefetch_related(Prefetch("prescriptions", queryset=items, to_attr="fhir_items"))
        .order_by("start_date", "created_at")
    )
    for program in programs:
        program.patient = patient  # its resources name the patient: no query each
    return programs


def load_record(patient, *, details: bool = True, now=None) -> PatientRecord:
    """The patient's record; with `details` off, without its logs and questionnaires (what
    a read of the Patient, a Condition or a CarePlan needs: two queries)."""
    scored = (
        SessionLog.objects.filter(patient_id=patient.pk)
        .filter(Q(morning_pain__isnull=False) | Q(exercise_pain__isnull=False))
        .only("id", "program_id", "date", "morning_pain", "exercise_pain", "updated_at")
        .order_by("date", "program_id")
    )
    return PatientRecord(
        patient=patient,
        programs=programs_of(patient),
        logs=list(scored) if details else [],
        responses=list(responses_of(patient)) if details else [],
        today=local_today(patient, now),
    )


def responses_of(patient):
    """The patient's questionnaires with their answers: two queries."""
    answers = Prefetch("answers", queryset=OutcomeAnswer.objects.all(), to_attr="fhir_answers")
    return (
        OutcomeResponse.objects.filter(patient_id=patient.pk)
        .prefetch_related(answers)
        .order_by("due_on", "instrument")
    )


def conditions_of(record: PatientRecord) -> list[tuple]:
    """(condition, active) for the profile's condition and each program's, once each: a
    condition is active while it is on the profile or a program for it is not completed."""
    profile_condition = record.patient.patient_profile.condition
    found = {}
    if profile_condition is not None:
        found[profile_condition.pk] = (profile_condition, True)
    for program in record.programs:
        if program.condition_id is None:
            continue
        treating = program.status != ProgramStatus.COMPLETED
        _condition, active = found.get(program.condition_id, (None, False))
        found[program.condition_id] = (program.condition, active or treating)
    return list(found.values())


def record_resources(record: PatientRecord) -> list[dict]:
    """The Patient first, then what points to it: Conditions, CarePlans, the daily scores'
    Observations, and the questionnaires (each instrument answered once, then the responses
    and the scores of the completed ones)."""
    patient = record.patient
    found = [resources.patient_resource(patient)]
    found += [
        resources.condition_resource(patient=patient, condition=condition, active=active)
        for condition, active in conditions_of(record)
    ]
    programs = {program.pk: program for program in record.programs}
    found += [
        resources.careplan_resource(program=program, items=program.fhir_items, today=record.today)
        for program in record.programs
    ]
    symptoms = {program.pk: symptom_of(program.condition) for program in record.programs}
    for log in record.logs:
        program = programs[log.program_id]
        found += resources.pain_observations(log=log, program=program, symptom=symptoms[program.pk])
    answered = {response.instrument for response in record.responses}
    found += [
        questionnaires.questionnaire_resource(instrument)
        for code, instrument in instruments.all_instruments().items()
        if code in answered
    ]
    for response in record.responses:
        program = programs[response.program_id]
        found.append(questionnaires.response_resource(response=response, program=program))
        if response.is_completed:
            found.append(questionnaires.score_observation(response=response, program=program))
    return found


def full_url(resource: dict) -> str:
    """Where the resource is read on this server's FHIR endpoint."""
    return endpoint_url(f"{resource['resourceType']}/{resource['id']}")


def collection_bundle(record: PatientRecord, *, now=None) -> dict:
    """The download: the record as one file."""
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": (now or timezone.now()).isoformat(),
        "entry": [
            {"fullUrl": full_url(resource), "resource": resource}
            for resource in record_resources(record)
        ],
    }


def searchset_bundle(record: PatientRecord, *, self_url: str, now=None) -> dict:
    """The answer to `Patient/<id>/$everything`."""
    entries = [
        {"fullUrl": full_url(resource), "resource": resource, "search": {"mode": "match"}}
        for resource in record_resources(record)
    ]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "searchset",
        "timestamp": (now or timezone.now()).isoformat(),
        "total": len(entries),
        "link": [{"relation": "self", "url": self_url}],
        "entry": entries,
    }
