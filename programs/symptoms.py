"""The daily symptom a program's patient scores each morning, and its default pain limit.

Each condition names its own (`Condition.symptom_question`, `symptom_label`,
`default_pain_limit` in `conditions.yaml`): the 24-hour response shows where the condition
hurts after a session, so heel pain asks about the first steps out of bed and the shoulder
about the night. A program without a condition, or a condition that names none, falls back
on the defaults in `programs.rules`. The score is stored in `SessionLog.morning_pain`
whatever the question.
"""

from dataclasses import dataclass

from programs import rules


@dataclass(frozen=True)
class Symptom:
    label: str  # "first-step pain": names the score in advice, flags, charts and exports
    question: str  # what the log form asks

    @property
    def heading(self) -> str:
        """The label as a heading or the start of a sentence: "First-step pain"."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def column(self) -> str:
        """The logs export's column: "first_step_pain_0_10"."""
        words = "".join(c if c.isalnum() else " " for c in self.label.lower()).split()
        return "_".join([*words, "0", "10"])


DEFAULT = Symptom(rules.DEFAULT_SYMPTOM, rules.DEFAULT_SYMPTOM_QUESTION)


def symptom_of(condition) -> Symptom:
    """The symptom of a condition (a Condition, or None)."""
    if condition is None or not condition.symptom_label:
        return DEFAULT
    return Symptom(condition.symptom_label, condition.symptom_question or DEFAULT.question)


def pain_limit_of(condition) -> int:
    """A new program's pain limit during exercise for a condition (a Condition, or None)."""
    if condition is None or condition.default_pain_limit is None:
        return rules.DEFAULT_PAIN_LIMIT
    return condition.default_pain_limit
