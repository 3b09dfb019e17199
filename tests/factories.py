"""Factories for valid objects in one call. Tests state only what matters to them."""

import datetime

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Clinic, PatientProfile, Role, User
from exercises.models import BodyRegion, Condition, Exercise, ExerciseType
from programs.models import (
    ExerciseCompletion,
    Flag,
    FlagKind,
    OutcomeAnswer,
    OutcomeResponse,
    OutcomeStatus,
    Prescription,
    Program,
    ProgramChange,
    ProgramStatus,
    ProgramStatusSpan,
    ProgramTemplate,
    RedFlagCheckIn,
    SessionLog,
    TemplateItem,
)
from programs.outcomes import instruments
from programs.prescribing import status_history

PASSWORD = "correct-horse-battery-staple"
# Hashed once with the production hasher (Argon2): fast factories, real hashes.
PASSWORD_HASH = make_password(PASSWORD)


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    timezone = "Europe/London"
    require_two_factor = False  # tests of two-factor sign-in turn it on
    phone = "020 7946 0123"
    contact_email = factory.Sequence(lambda n: f"front-desk{n}@clinic.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = PASSWORD_HASH
    role = Role.CLINICIAN
    clinic = factory.SubFactory(ClinicFactory)


class ClinicianFactory(UserFactory):
    role = Role.CLINICIAN


class ClinicAdminFactory(UserFactory):
    role = Role.CLINIC_ADMIN


class StaffFactory(UserFactory):
    role = ""
    clinic = None
    is_staff = True
    is_superuser = True


class PatientFactory(UserFactory):
    """A patient with a profile; pass `care_team=[clinician]` to place them on a team."""

    role = Role.PATIENT

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def care_team(self, create, extracted, **kwargs):
        profile = PatientProfile.objects.create(user=self)
        if extracted:
            profile.care_team.add(*extracted)


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"condition-{n}")
    name = factory.Sequence(lambda n: f"Condition {n}")
    summary = "A condition used in tests."
    description = "Described for tests."
    body_region = BodyRegion.FOOT_ANKLE
    red_flags = factory.LazyFunction(lambda: ["Numbness or tingling"])


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    summary = "Stretches the calf."
    steps = factory.LazyFunction(lambda: ["Stand tall.", "Step back.", "Hold."])
    cues = factory.LazyFunction(lambda: ["Keep your heel down"])
    body_region = BodyRegion.FOOT_ANKLE
    exercise_type = ExerciseType.STRETCH
    difficulty = 1
    default_sets = 3
    default_hold_seconds = 30
    default_times_per_day = 1


class ProgramTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramTemplate

    name = factory.Sequence(lambda n: f"Template {n}")


class TemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(ProgramTemplateFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    sets = 3
    reps = 10


class ProgramFactory(factory.django.DjangoModelFactory):
    """An active program; its patient's care team holds the prescriber."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    prescriber = factory.SubFactory(ClinicianFactory)
    patient = factory.SubFactory(
        PatientFactory, clinic=factory.SelfAttribute("..prescriber.clinic")
    )
    title = "Heel pain program"
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=14))
    status = ProgramStatus.ACTIVE

    @factory.post_generation
    def on_care_team(self, create, extracted, **kwargs):
        self.patient.patient_profile.care_team.add(self.prescriber)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """Its status history, as `history=[(status, start, end), …]` (the last one open,
        which sets the program's status; `[]` for none), or else one span of its status from
        its start date: what a program made on its start day has."""
        spans = [(self.status, self.start_date, None)] if extracted is None else extracted
        for status, start, end in spans:
            ProgramStatusSpanFactory(program=self, status=status, start_date=start, end_date=end)
        if spans and self.status != spans[-1][0]:
            self.status = spans[-1][0]
            self.save(update_fields=["status"])


class ProgramStatusSpanFactory(factory.django.DjangoModelFactory):
    """One span of a program's status history; ProgramFactory makes a consistent set."""

    class Meta:
        model = ProgramStatusSpan

    program = factory.SubFactory(ProgramFactory, history=[])
    status = ProgramStatus.ACTIVE
    start_date = factory.SelfAttribute("program.start_date")


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescription

    program = factory.SubFactory(ProgramFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    name = factory.SelfAttribute("exercise.name")
    steps = factory.SelfAttribute("exercise.steps")
    sets = 3
    reps = 10
    valid_from = factory.SelfAttribute("program.start_date")


class SessionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionLog

    program = factory.SubFactory(ProgramFactory)
    patient = factory.SelfAttribute("program.patient")
    date = factory.LazyFunction(datetime.date.today)
    morning_pain = 3
    exercise_pain = 2


class ProgramChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramChange

    program = factory.SubFactory(ProgramFactory)
    changed_by = factory.SelfAttribute("program.prescriber")
    effective_date = factory.LazyFunction(datetime.date.today)
    summary = "Pain limit 5 → 4"


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    program = factory.SubFactory(ProgramFactory)
    patient = factory.SelfAttribute("program.patient")
    kind = FlagKind.RED_PAIN
    reason = "Pain during exercise 7/10 on 1 of the last 7 days; limit 5."
    raised_on = factory.LazyFunction(datetime.date.today)


class RedFlagCheckInFactory(factory.django.DjangoModelFactory):
    """A weekly check-in answered "yes" to every red flag of its condition; pass `answers`
    (and `any_yes`) for other answers. It raises no flag: `save_check_in` does that."""

    class Meta:
        model = RedFlagCheckIn

    patient = factory.SubFactory(PatientFactory)
    condition = factory.SubFactory(ConditionFactory)
    date = factory.LazyFunction(datetime.date.today)
    answers = factory.LazyAttribute(
        lambda o: [{"question": question, "yes": True} for question in o.condition.red_flags]
    )
    any_yes = factory.LazyAttribute(lambda o: any(answer["yes"] for answer in o.answers))


def change_status(program, status, *, today):
    """`program` set to `status` on `today` as the builder sets it: its history follows."""
    program.status = status
    status_history.change(program=program, today=today)
    program.save(update_fields=["status"])


def logged_patients(*, clinician, count, days, today=None, **program_fields):
    """`count` patients of `clinician`, each with an active program of two daily exercises
    and a log (both done) on each of the last `days` days; bulk-created, for volume tests."""
    today = today or datetime.date.today()
    start = today - datetime.timedelta(days=days - 1)
    patients = []
    for _ in range(count):
        program = ProgramFactory(prescriber=clinician, start_date=start, **program_fields)
        rxs = [PrescriptionFactory(program=program) for _ in range(2)]
        logs = SessionLog.objects.bulk_create(
            SessionLog(
                program=program,
                patient=program.patient,
                date=start + datetime.timedelta(days=n),
                morning_pain=n % 4,
                exercise_pain=n % 3,
                note=f"Day {n}",
            )
            for n in range(days)
        )
        ExerciseCompletion.objects.bulk_create(
            ExerciseCompletion(log=log, prescription=rx, times_done=1) for log in logs for rx in rxs
        )
        patients.append(program.patient)
    return patients


def completed_outcome(*, program, instrument, due_on, answers, occasion="follow_up"):
    """A completed questionnaire of `program` with `answers` ({item: value or (value, text)}),
    scored by the instrument as the patient's last page would."""
    values = {
        item: value if isinstance(value, tuple) else (value, "") for item, value in answers.items()
    }
    score = instruments.get(instrument).score({item: value for item, (value, _) in values.items()})
    response = OutcomeResponse.objects.create(
        patient=program.patient,
        program=program,
        instrument=instrument,
        occasion=occasion,
        due_on=due_on,
        status=OutcomeStatus.COMPLETED,
        completed_at=datetime.datetime.now(datetime.UTC),
        score=score,
    )
    OutcomeAnswer.objects.bulk_create(
        OutcomeAnswer(response=response, item=item, value=value, text=text)
        for item, (value, text) in values.items()
    )
    return response
