import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.dates import local_today
from accounts.models import Clinic, PatientProfile, Role, User
from exercises.models import Exercise
from programs.models import (
    Difficulty,
    ExerciseCompletion,
    Program,
    ProgramStatus,
    SessionLog,
)
from programs.prescribing.services import prescribe_from_catalogue

DEMO_PASSWORD = "stride-demo-2026"  # noqa: S105  (demo data only, printed for the user)
DEMO_CLINIC = "Northside Physio (demo)"
STAFF = [
    ("admin@northside.example", "Nora Admin", Role.CLINIC_ADMIN),
    ("alice@northside.example", "Alice Moreau", Role.CLINICIAN),
    ("carlos@northside.example", "Carlos Reyes", Role.CLINICIAN),
]
PATIENTS = [
    ("bob@patients.example", "Bob Hughes", "alice@northside.example"),
    ("dana@patients.example", "Dana Whitfield", "alice@northside.example"),
    ("ed@patients.example", "Ed Okafor", "alice@northside.example"),
    ("fay@patients.example", "Fay Lindqvist", "carlos@northside.example"),
    ("gus@patients.example", "Gus Ferreira", "carlos@northside.example"),
]
# What each demo patient's last six weeks look like on the caseload.
STORIES = {
    "bob@patients.example": "red",  # exercise pain above the limit these last days
    "dana@patients.example": "rising",  # morning pain up week on week
    "ed@patients.example": "stopped",  # no log for the last 5 days
    "fay@patients.example": "steady",  # three good weeks: ready to progress
    "gus@patients.example": "new",  # a fresh program
}
HISTORY_DAYS = 42


class Command(BaseCommand):
    help = (
        "Create the demo clinic (one clinic admin, two clinicians, five patients) with the "
        "password printed at the end, and for each patient without a program one plantar "
        "fasciitis program with six weeks of logs (a red flag, rising pain, missed days, ready "
        "to progress, a new start). Idempotent: existing accounts and programs are kept."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        clinic, _ = Clinic.objects.get_or_create(
            name=DEMO_CLINIC, defaults={"timezone": "Europe/London", "require_two_factor": False}
        )
        people = {}
        for email, name, role in STAFF:
            people[email] = self._user(email, name, role, clinic)
        for email, name, clinician_email in PATIENTS:
            patient = self._user(email, name, Role.PATIENT, clinic)
            profile, _ = PatientProfile.objects.get_or_create(user=patient)
            profile.care_team.add(people[clinician_email])
            people[email] = patient
        self._programs(people)
        if not User.objects.filter(email="staff@stride.example").exists():
            User.objects.create_superuser(
                "staff@stride.example", DEMO_PASSWORD, full_name="Stride Staff"
            )

        self.stdout.write(self.style.SUCCESS(f"Demo clinic: {clinic.name}"))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        for email, _name, role in STAFF:
            self.stdout.write(f"  {Role(role).label:<13} {email}")
        for email, _name, _ in PATIENTS:
            self.stdout.write(f"  {'Patient':<13} {email}")
        self.stdout.write(f"  {'Staff (admin)':<13} staff@stride.example")

    def _user(self, email, name, role, clinic):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, role=role, clinic=clinic
            )
        return user

    def _exercises(self):
        shared = Exercise.objects.filter(clinic__isnull=True, is_archived=False).order_by("name")
        for_heel = list(shared.filter(conditions__slug="plantar-fasciitis")[:4])
        return for_heel or list(shared[:4])

    def _programs(self, people):
        """A program and six weeks of logs per demo patient who has no program yet."""
        exercises = self._exercises()
        if not exercises:
            self.stdout.write(
                self.style.WARNING(
                    "No shared exercises in the catalogue, so no demo programs or logs were made "
                    "(load the catalogue, then run seed_demo again)."
                )
            )
            return
        for email, story in STORIES.items():
            patient = people[email]
            if Program.objects.filter(patient=patient).exists():
                continue
            clinician = patient.patient_profile.care_team.first()
            today = local_today(patient)
            days = 1 if story == "new" else HISTORY_DAYS
            program = Program.objects.create(
                patient=patient,
                prescriber=clinician,
                title="Plantar fasciitis — home program",
                start_date=today - datetime.timedelta(days=days),
                status=ProgramStatus.ACTIVE,
            )
            prescriptions = [
                prescribe_from_catalogue(
                    program, exercise=exercise, order=order, valid_from=program.start_date
                )
                for order, exercise in enumerate(exercises)
            ]
            self._logs(program, prescriptions, story, today, random.Random(email))  # noqa: S311  (demo data) # nosec B311

    def _logs(self, program, prescriptions, story, today, rng):
        logs, completions = [], []
        day = program.start_date
        while day < today:
            ago = (today - day).days
            if (story == "stopped" and ago <= 5) or rng.random() < (
                0.03 if story == "steady" else 0.15
            ):
                day += datetime.timedelta(days=1)
                continue
            morning, exercise_pain = rng.randint(2, 4), rng.randint(2, 4)
            if story == "red" and ago <= 3:
                exercise_pain = rng.randint(7, 8)
            if story == "rising":
                morning = rng.randint(5, 7) if ago <= 6 else rng.randint(2, 3)
            if story == "steady":
                morning, exercise_pain = rng.randint(0, 2), rng.randint(0, 2)
            log = SessionLog(
                program=program,
                patient=program.patient,
                date=day,
                morning_pain=morning,
                exercise_pain=exercise_pain,
                difficulty=Difficulty.ABOUT_RIGHT,
                note="Heel stiff on the first steps." if ago % 9 == 0 else "",
            )
            logs.append(log)
            completions += [
                ExerciseCompletion(
                    log=log,
                    prescription=rx,
                    times_done=rx.times_per_day
                    if story == "steady"
                    else rng.randint(0, rx.times_per_day),
                    sets_done=rx.sets,
                )
                for rx in prescriptions
            ]
            day += datetime.timedelta(days=1)
        SessionLog.objects.bulk_create(logs)
        ExerciseCompletion.objects.bulk_create(completions)
