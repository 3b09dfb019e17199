"""Outcome questionnaires as FHIR resources: an instrument (programs.outcomes.instruments) as
a Questionnaire, a patient's answers as a QuestionnaireResponse, and a completed one's total
as an Observation (coded in LOINC where the instrument has a code, by Stride's own code and
the instrument's title otherwise).

The Questionnaire keeps the instrument's shape: the items of a section that shares a stem
("How severe is your pain?") are a group under it; the PSFS's items are slots the patient
fills, so each is a group of the activity they named and their 0–10 rating of it. A "not
applicable" answer (FAAM) is an answer option of its own, outside the score.
"""

from programs.fhir import codes
from programs.fhir.resources import patient_reference, reference
from programs.models import OutcomeStatus
from programs.outcomes import instruments

NOT_APPLICABLE = "not-applicable"
SCORE = "score"  # the end of a score Observation's id, after its response's
OUTCOME_SCORE_SYSTEM = "CodeSystem/outcome-scores"
# UCUM: a percentage, or an arbitrary score.
UCUM_UNITS = {"%": "%"}


def questionnaire_id(instrument) -> str:
    """ "FAAM_ADL" → "faam-adl": FHIR ids allow no underscore."""
    return instrument.code.lower().replace("_", "-")


def questionnaire_url(instrument) -> str:
    return codes.endpoint_url(f"Questionnaire/{questionnaire_id(instrument)}")


def sections(instrument) -> list[tuple[str, list]]:
    """(stem, items) for each run of items that share a stem, in order."""
    runs: list[tuple[str, list]] = []
    for item in instrument.items:
        if runs and runs[-1][0] == item.stem:
            runs[-1][1].append(item)
        else:
            runs.append((item.stem, [item]))
    return runs


def answer_options(instrument, item) -> list[dict]:
    options = [
        {"valueCoding": {"code": str(option.value), "display": option.label}}
        for option in item.options
    ]
    if instrument.not_applicable:
        options.append(
            {"valueCoding": {"code": NOT_APPLICABLE, "display": instrument.not_applicable}}
        )
    return options


def question(instrument, item) -> dict:
    if instrument.is_patient_specific:
        return {
            "linkId": item.code,
            "text": item.text,
            "type": "group",
            "item": [
                {"linkId": f"{item.code}.activity", "text": "The activity", "type": "string"},
                {
                    "linkId": f"{item.code}.rating",
                    "text": "How well you can do it now",
                    "type": "choice",
                    "answerOption": answer_options(instrument, item),
                },
            ],
        }
    return {
        "linkId": item.code,
        "text": item.text,
        "type": "choice",
        "answerOption": answer_options(instrument, item),
    }


def grouped(instrument, make_item, **group_fields) -> list[dict]:
    """The items `make_item(item)` gives (None: left out), under their section's stem."""
    found = []
    for number, (stem, items) in enumerate(sections(instrument), start=1):
        made = [made for made in map(make_item, items) if made is not None]
        if stem and made:
            found.append(
                {"linkId": f"section-{number}", "text": stem, **group_fields, "item": made}
            )
        else:
            found += made
    return found


def questionnaire_resource(instrument) -> dict:
    resource = {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(instrument),
        "url": questionnaire_url(instrument),
        "name": instrument.code,
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.instructions,
        "copyright": f"{instrument.licence} Source: {instrument.source}",
        "item": grouped(instrument, lambda item: question(instrument, item), type="group"),
    }
    if instrument.loinc:
        resource["code"] = [{"system": codes.LOINC, "code": instrument.loinc}]
    return resource


def answer_value(instrument, item, answer) -> dict | None:
    if answer.value is None:
        if not instrument.not_applicable:
            return None
        return {"valueCoding": {"code": NOT_APPLICABLE, "display": instrument.not_applicable}}
    label = next(o.label for o in item.options if o.value == answer.value)
    return {"valueCoding": {"code": str(answer.value), "display": label}}


def answered(instrument, item, answer) -> dict | None:
    """A response's item for one answer; None for an item not answered."""
    if answer is None:
        return None
    value = answer_value(instrument, item, answer)
    if instrument.is_patient_specific:
        parts = []
        if answer.text:
            parts.append(
                {"linkId": f"{item.code}.activity", "answer": [{"valueString": answer.text}]}
            )
        if value:
            parts.append({"linkId": f"{item.code}.rating", "answer": [value]})
        return {"linkId": item.code, "text": item.text, "item": parts} if parts else None
    return {"linkId": item.code, "text": item.text, "answer": [value]} if value else None


def response_resource(*, response, program) -> dict:
    """`response` with its answers prefetched as `fhir_answers`."""
    instrument = instruments.get(response.instrument)
    by_item = {answer.item: answer for answer in response.fhir_answers}
    completed = response.status == OutcomeStatus.COMPLETED
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": questionnaire_url(instrument),
        "basedOn": [reference("CarePlan", program.pk)],
        "status": "completed" if completed else "in-progress",
        "subject": patient_reference(program.patient),
        "authored": (response.completed_at if completed else response.started_at).isoformat(),
        "source": patient_reference(program.patient),
        "item": grouped(
            instrument, lambda item: answered(instrument, item, by_item.get(item.code))
        ),
    }
    if not resource["item"]:
        del resource["item"]
    return resource


def score_observation_id(response) -> str:
    return f"{response.pk}-{SCORE}"


def score_observation(*, response, program) -> dict:
    """A completed response's total, derived from it."""
    instrument = instruments.get(response.instrument)
    own = {
        "system": codes.endpoint_url(OUTCOME_SCORE_SYSTEM),
        "code": instrument.code,
        "display": f"{instrument.title} score",
    }
    coding = [own]
    if instrument.loinc:
        coding.insert(0, {"system": codes.LOINC, "code": instrument.loinc})
    unit = instrument.unit
    return {
        "resourceType": "Observation",
        "id": score_observation_id(response),
        "basedOn": [reference("CarePlan", program.pk)],
        "status": "final",
        "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": {"coding": coding, "text": f"{instrument.title} score"},
        "subject": patient_reference(program.patient),
        "effectiveDateTime": response.completed_at.isoformat(),
        "performer": [patient_reference(program.patient)],
        "valueQuantity": {
            "value": float(response.score),
            "unit": unit,
            "system": "http://unitsofmeasure.org",
            "code": UCUM_UNITS.get(unit, "{score}"),
        },
        "derivedFrom": [reference("QuestionnaireResponse", response.pk)],
    }
