"""A patient's condition, decided once: what the patient list, the patient page, the caseload,
its CSV and its condition filter all show.

The rule: the condition on the patient's profile; else the condition of their current
program. A clinician often leaves the profile blank and picks a template ("Plantar fasciitis
— early phase") whose program carries the condition; the patient still has that condition.
The current program is the one the caseload shows: active first, then paused, then draft,
then the rest, the latest start first (`CURRENT_PROGRAM_ORDER`).

Both are annotations on a queryset (`shown_condition_id`, `shown_condition_name`), so a page
of rows stays one query, and the caseload's SQL receives the ids from the same annotation.
"""

from django.db.models import BigIntegerField, Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from exercises.models import Condition
from programs.models import Program, ProgramStatus

# The patient's current program comes first in this order (the caseload's "Program" column).
CURRENT_PROGRAM_ORDER = (
    Case(
        When(status=ProgramStatus.ACTIVE, then=Value(0)),
        When(status=ProgramStatus.PAUSED, then=Value(1)),
        When(status=ProgramStatus.DRAFT, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    ).asc(),
    F("start_date").desc(),
    F("created_at").desc(),
)


def current_program_of(patient_id):
    """A queryset of the patient's programs, the current one first."""
    return Program.objects.filter(patient_id=patient_id).order_by(*CURRENT_PROGRAM_ORDER)


def current_program_for(*, user, patient_id) -> Program | None:
    """The patient's current program as `user` may see it, or None."""
    programs = Program.objects.visible_to(user).filter(patient_id=patient_id)
    return programs.select_related("condition").order_by(*CURRENT_PROGRAM_ORDER).first()


def shown_condition_id(*, patient: str, profile_condition: str):
    """The expression of the rule, for a queryset whose `patient` field is the patient's
    user id and whose `profile_condition` field is the profile's condition id."""
    current = current_program_of(OuterRef(patient)).values("condition_id")[:1]
    return Coalesce(F(profile_condition), Subquery(current), output_field=BigIntegerField())


def with_shown_condition(queryset, *, patient: str, profile_condition: str):
    """Annotate `shown_condition_id` and `shown_condition_name` by the rule above."""
    queryset = queryset.annotate(
        shown_condition_id=shown_condition_id(patient=patient, profile_condition=profile_condition)
    )
    name = Condition.objects.filter(pk=OuterRef("shown_condition_id")).values("name")[:1]
    return queryset.annotate(shown_condition_name=Subquery(name))


def profiles_with_condition(profiles):
    """PatientProfile rows annotated with the patient's condition."""
    return with_shown_condition(profiles, patient="user_id", profile_condition="condition_id")


def patients_with_condition(users):
    """Patient (User) rows annotated with the patient's condition."""
    return with_shown_condition(
        users, patient="pk", profile_condition="patient_profile__condition_id"
    )


def shown_condition(profile) -> Condition | None:
    """One patient's condition by the rule (one query): it names the daily symptom."""
    rows = profiles_with_condition(type(profile).objects.filter(pk=profile.pk))
    return Condition.objects.filter(pk=Subquery(rows.values("shown_condition_id")[:1])).first()


def condition_of(profile, current_program: Program | None) -> Condition | None:
    """The rule for one patient whose profile (with its condition) and current program
    (`current_program_for`, with its condition) a page has already read: no query.
    tests/programs/test_patient_condition.py checks it agrees with the annotation."""
    if profile.condition_id is not None:
        return profile.condition
    return current_program.condition if current_program is not None else None
