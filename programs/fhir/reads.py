"""Reading one resource by type and id for an API token.

A resource is read as it appears in its patient's record (`record.record_resources`), so a
read and `$everything` never disagree: the id names its patient (directly, or through the
program or log it came from), the patient is fetched through the token's clinic, and the
resource of that id is picked from their record. A patient outside the clinic, an id that
names nothing and a type Stride does not serve are all None: the endpoint's 404.
"""

import uuid
from dataclasses import dataclass

from programs.fhir import access, questionnaires, resources
from programs.fhir.record import load_record, record_resources
from programs.outcomes import instruments


@dataclass(frozen=True)
class Found:
    resource: dict
    patient: object  # whose record it is, for the audit row (None: a Questionnaire)


def as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def owner_of(token, resource_type: str, resource_id: str):
    """The id of the patient whose record holds the resource, if the token's clinic has
    one; None otherwise."""
    if resource_type == "Patient":
        return as_uuid(resource_id)
    if resource_type == "Condition":
        patient_hex, _, _condition = resource_id.partition("-")
        return as_uuid(patient_hex) if len(patient_hex) == 32 else None
    if resource_type == "CarePlan":
        rows, row_id = access.programs_for(token), as_uuid(resource_id)
    elif resource_type == "QuestionnaireResponse":
        rows, row_id = access.responses_for(token), as_uuid(resource_id)
    elif resource_type == "Observation":
        row_id, _, which = resource_id.rpartition("-")
        if which in (resources.MORNING, resources.EXERCISE):
            rows, row_id = access.logs_for(token), as_uuid(row_id)
        elif which == questionnaires.SCORE:
            rows, row_id = access.responses_for(token), as_uuid(row_id)
        else:
            return None
    else:
        return None
    if row_id is None:
        return None
    return rows.filter(pk=row_id).values_list("patient_id", flat=True).first()


# Reading these needs no log or questionnaire: their record is read without them.
WITHOUT_DETAILS = {"Patient", "Condition", "CarePlan"}


def read_questionnaire(resource_id: str) -> Found | None:
    """An instrument, which is no one's record: any token of any clinic reads it."""
    for instrument in instruments.all_instruments().values():
        if questionnaires.questionnaire_id(instrument) == resource_id:
            return Found(questionnaires.questionnaire_resource(instrument), None)
    return None


def read_resource(token, resource_type: str, resource_id: str) -> Found | None:
    if resource_type == "Questionnaire":
        return read_questionnaire(resource_id)
    owner = owner_of(token, resource_type, resource_id)
    if owner is None:
        return None
    profile = access.profiles_for(token).filter(user_id=owner).first()
    if profile is None:
        return None
    record = load_record(profile.user, details=resource_type not in WITHOUT_DETAILS)
    for resource in record_resources(record):
        if resource["resourceType"] == resource_type and resource["id"] == resource_id:
            return Found(resource, profile.user)
    return None


def read_everything(token, patient_id) -> tuple | None:
    """The patient's record, whole, and the patient; None outside the token's clinic."""
    profile = access.profiles_for(token).filter(user_id=patient_id).first()
    if profile is None:
        return None
    return load_record(profile.user), profile.user
