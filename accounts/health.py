"""The health screen's one vocabulary: the patient factors an exercise can be unsafe for.

The same tags are a patient's health screen (`PatientProfile.health_factors`), an exercise's
contraindications (`Exercise.contraindication_tags`, copied to each prescription), and the
builder's check between the two. They live here, in the lowest app that needs them, so the
catalogue can read them without the accounts app knowing about exercises.

Each tag has two wordings: the label, for clinicians ("Reduced foot sensation (diabetes,
neuropathy)"), and a phrase the patient reads after "Do not do this exercise if …".
"""

from django.db import models


class HealthFactor(models.TextChoices):
    REDUCED_FOOT_SENSATION = (
        "reduced_foot_sensation",
        "Reduced foot sensation (diabetes, neuropathy)",
    )
    POOR_CIRCULATION = "poor_circulation", "Poor circulation or cold sensitivity (Raynaud's)"
    BROKEN_SKIN = "broken_skin", "Broken skin, a wound or an ulcer on the area"
    UNSTEADY_BALANCE = "unsteady_balance", "Unsteady balance or a fall in the last year"
    PREGNANCY = "pregnancy", "Pregnancy"
    RECENT_SURGERY = "recent_surgery", "Recent surgery on the area (such as a joint replacement)"
    TENDON_TEAR = "tendon_tear", "Suspected tendon tear or rupture"
    SHOULDER_INSTABILITY = "shoulder_instability", "Shoulder dislocation or instability"


PATIENT_PHRASES = {
    HealthFactor.REDUCED_FOOT_SENSATION: "you have reduced feeling in your feet "
    "(for example from diabetes)",
    HealthFactor.POOR_CIRCULATION: "you have poor circulation, or your fingers or toes "
    "react badly to cold",
    HealthFactor.BROKEN_SKIN: "you have broken skin, a wound or a sore where the exercise touches",
    HealthFactor.UNSTEADY_BALANCE: "your balance is unsteady, or you have had a fall in "
    "the last year",
    HealthFactor.PREGNANCY: "you are pregnant",
    HealthFactor.RECENT_SURGERY: "you have had an operation on this part of your body recently",
    HealthFactor.TENDON_TEAR: "you might have torn a tendon (you felt a sudden snap or pop, "
    "or can feel a gap)",
    HealthFactor.SHOULDER_INSTABILITY: "your shoulder has ever come out of its socket, or "
    "feels as if it might",
}


def known_factors(tags) -> list[HealthFactor]:
    """The tags of the vocabulary, in its order; an unknown code (a row older than a
    change to the list) is left out rather than shown as a code."""
    present = set(tags or ())
    return [factor for factor in HealthFactor if factor in present]


def patient_phrases(tags) -> list[str]:
    return [PATIENT_PHRASES[factor] for factor in known_factors(tags)]


def clinician_words(tags) -> str:
    """The labels lower-cased at the start and joined for a sentence: "reduced foot
    sensation (diabetes, neuropathy) or pregnancy"."""
    labels = [factor.label[:1].lower() + factor.label[1:] for factor in known_factors(tags)]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} or {labels[-1]}"
