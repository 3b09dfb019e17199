"""The weekly red-flag check-in: the patient's condition's red flags, asked as yes or no.

A check-in is due when the patient has an active program, their condition has red flags and
they have answered none in the last `rules.CHECK_IN_DAYS` patient-local days. Their condition
is the one on their profile, else their current program's. A "yes" is a medical question,
not a load one: it raises a stored `red_flag` that puts the patient first on the caseload,
and the patient is told to contact a doctor today, apart from any pain advice.

One check-in a patient and day (a database constraint): a second answer on the same day (two
tabs, a retry) keeps the first, and raises nothing more.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.dates import long_date
from programs import rules
from programs.models import Flag, FlagKind, Program, ProgramStatus, RedFlagCheckIn
from programs.patient_conditions import condition_of

# The current program: an active one first, then the most recently started.
STATUS_ORDER = {ProgramStatus.ACTIVE: 0, ProgramStatus.PAUSED: 1, ProgramStatus.COMPLETED: 2}


@dataclass(frozen=True)
class CheckIn:
    """What a patient is asked: their condition's red flags, and the program a "yes" flags."""

    condition: object  # a Condition, or None
    program: Program | None
    questions: list[str]

    @property
    def is_due_on_schedule(self) -> bool:
        """There is something to ask, and a running program to ask it for."""
        return (
            bool(self.questions)
            and self.program is not None
            and self.program.status == ProgramStatus.ACTIVE
        )


def current_program(programs) -> Program | None:
    """Of the patient's programs (drafts left out), the active one started last; else the
    paused or completed one started last; None without any."""
    given = [program for program in programs if program.status != ProgramStatus.DRAFT]
    given.sort(key=lambda program: program.start_date, reverse=True)
    given.sort(key=lambda program: STATUS_ORDER.get(program.status, 3))
    return given[0] if given else None


def check_in_for(patient, *, programs=None) -> CheckIn:
    """The questions for `patient`. `programs` are theirs with `condition` selected, when the
    caller has them already (Today does); otherwise one query reads them."""
    if programs is None:
        programs = (
            Program.objects.filter(patient=patient)
            .exclude(status=ProgramStatus.DRAFT)
            .select_related("condition")
        )
    program = current_program(programs)
    # The sign-in's user query brings the profile's condition (accounts.backends).
    condition = condition_of(patient.patient_profile, program)
    questions = list(condition.red_flags) if condition is not None else []
    return CheckIn(condition, program, questions)


def answered_recently(patient, today: datetime.date) -> bool:
    """Whether the patient answered a check-in in the last CHECK_IN_DAYS days (one query)."""
    first = today - datetime.timedelta(days=rules.CHECK_IN_DAYS - 1)
    return RedFlagCheckIn.objects.filter(patient=patient, date__range=(first, today)).exists()


def check_in_due(patient, today: datetime.date, *, programs=None) -> bool:
    """Whether Today should ask for the weekly check-in: at most two queries, one when the
    caller passes the patient's `programs`, none when there is nothing to ask."""
    if not check_in_for(patient, programs=programs).is_due_on_schedule:
        return False
    return not answered_recently(patient, today)


def question_key(question: str) -> str:
    """A form field name for one question, the same as long as its text is: an answer
    posted for a question that was changed or never asked matches none."""
    return "q-" + hashlib.sha256(question.encode()).hexdigest()[:12]


def in_a_sentence(question: str) -> str:
    """A red flag as the end of a sentence: "Numbness in the foot." → "numbness in the foot"."""
    text = question.strip().rstrip(".?!").strip()
    # "NSAIDs …" keeps its capitals; a plain first word does not.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def flag_reason(day: datetime.date, yes_answers: list[str]) -> str:
    symptoms = "; ".join(in_a_sentence(question) for question in yes_answers)
    return f"Answered yes in the weekly check-in on {long_date(day)}: {symptoms}."


@dataclass(frozen=True)
class SavedCheckIn:
    check_in: RedFlagCheckIn
    created: bool  # False: the day's check-in was answered before, and is kept as it was
    flag: Flag | None = None


@transaction.atomic
def save_check_in(*, patient, answers: dict[str, bool], today: datetime.date) -> SavedCheckIn:
    """Store `answers` (question → yes) as the patient's check-in of `today`, and raise a
    red-flag symptom flag on their current program when any is yes.

    The questions are the patient's own, read here: answers to any other list (a question
    changed since the page was shown, or one never asked) are refused and nothing is saved.
    """
    asked = check_in_for(patient)
    if not asked.questions:
        raise ValidationError("There is no check-in for you to answer.")
    if set(answers) != set(asked.questions):
        raise ValidationError("These answers are not for the questions we asked.")
    stored_answers = [
        {"question": question, "yes": bool(answers[question])} for question in asked.questions
    ]
    candidate = RedFlagCheckIn(
        patient=patient,
        condition=asked.condition,
        date=today,
        answers=stored_answers,
        any_yes=any(answer["yes"] for answer in stored_answers),
    )
    # INSERT … ON CONFLICT DO NOTHING: a concurrent second answer waits for the first to
    # commit, then inserts nothing; the day's row is then the first one, read back.
    RedFlagCheckIn.objects.bulk_create([candidate], ignore_conflicts=True)
    check_in = RedFlagCheckIn.objects.get(patient=patient, date=today)
    if check_in.pk != candidate.pk:
        return SavedCheckIn(check_in, created=False)
    flag = None
    if check_in.any_yes:
        flag = Flag.objects.create(
            patient=patient,
            program=asked.program,
            kind=FlagKind.RED_FLAG,
            raised_on=today,
            reason=flag_reason(today, check_in.yes_answers),
        )
    return SavedCheckIn(check_in, created=True, flag=flag)
