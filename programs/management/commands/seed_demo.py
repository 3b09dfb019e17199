"""The demo clinic of the README, built the way a clinic builds its own.

Stride's staff create a clinic and its first admin in the Django admin (the product has no
page for it), so those two rows are made here with the models' own managers. Every later
step goes through the services the pages call: the admin adds the clinicians and they add
their patients (accounts.services), each person accepts their invitation with the demo
password (accounts.invitations), each clinician builds a program from the catalogue
(prescribing.services.create_program), and each patient logs the last six weeks day by
day (logs.daily_log.save_daily_log), which raises the same flags a real save raises.

It lives in programs, the one app that may see accounts, exercises and programs.
"""

import datetime
import random

from django.contrib.auth.forms import SetPasswordForm
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import invitations, services
from accounts.dates import local_today, user_timezone
from accounts.models import Clinic, Role, User
from exercises.models import TASK_TYPES, Condition, Exercise
from programs.logs.daily_log import Done, plan_day, save_daily_log
from programs.models import Difficulty, Program, ProgramStatus
from programs.prescribing.services import create_program, default_dose

DEMO_PASSWORD = "stride-demo-2026"  # noqa: S105  (demo data only, printed for the user)
DEMO_CLINIC = "Northside Physio (demo)"
ADMIN = ("admin@northside.example", "Nora Admin")
CLINICIANS = [
    ("alice@northside.example", "Alice Moreau"),
    ("carlos@northside.example", "Carlos Reyes"),
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
LOGGED_AT = datetime.time(19, 0)  # patients log in the evening, on the day itself
PAIN_LIMIT = 5  # the builder's default


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
            name=DEMO_CLINIC,
            defaults={
                "timezone": "Europe/London",
                "require_two_factor": False,
                "phone": "020 7946 0000",
                "contact_email": "reception@northside.example",
                "opening_hours": "Monday to Friday, 8 am to 6 pm",
            },
        )
        admin = self._clinic_admin(clinic)
        heel = Condition.objects.filter(slug="plantar-fasciitis").first()
        people = {}
        for email, name in CLINICIANS:
            people[email] = _existing(email) or _joined(
                services.add_clinician(admin=admin, full_name=name, email=email)
            )
        for email, name, clinician_email in PATIENTS:
            people[email] = _existing(email) or _joined(
                services.add_patient(
                    clinician=people[clinician_email], full_name=name, email=email, condition=heel
                )
            )
        self._programs(people, condition=heel)
        if not _existing("staff@stride.example"):
            User.objects.create_superuser(
                "staff@stride.example", DEMO_PASSWORD, full_name="Stride Staff"
            )

        self.stdout.write(self.style.SUCCESS(f"Demo clinic: {clinic.name}"))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        self.stdout.write(f"  {Role.CLINIC_ADMIN.label:<13} {ADMIN[0]}")
        for email, _name in CLINICIANS:
            self.stdout.write(f"  {Role.CLINICIAN.label:<13} {email}")
        for email, _name, _ in PATIENTS:
            self.stdout.write(f"  {'Patient':<13} {email}")
        self.stdout.write(f"  {'Staff (admin)':<13} staff@stride.example")

    def _clinic_admin(self, clinic):
        email, name = ADMIN
        return _existing(email) or User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name, role=Role.CLINIC_ADMIN, clinic=clinic
        )

    def _programs(self, people, *, condition):
        """A program and six weeks of logs per demo patient who has no program yet."""
        exercises = _exercises()
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
            today = local_today(patient)
            days = 1 if story == "new" else HISTORY_DAYS
            program = create_program(
                clinician=patient.patient_profile.care_team.first(),
                patient=patient,
                data={
                    "title": "Plantar fasciitis — home program",
                    "condition": condition,
                    "start_date": today - datetime.timedelta(days=days),
                    "end_date": None,
                    "status": ProgramStatus.ACTIVE,
                    "pain_limit": PAIN_LIMIT,
                },
                items=[{"exercise": exercise, **default_dose(exercise)} for exercise in exercises],
            )
            rng = random.Random(email)  # noqa: S311  (demo data) # nosec B311
            _log_history(program, story=story, today=today, rng=rng)


def _existing(email):
    return User.objects.filter(email=email).first()


def _joined(invitation):
    """The invited person opens their link and chooses the demo password."""
    form = SetPasswordForm(
        invitation.user, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD}
    )
    if not form.is_valid():
        raise CommandError(f"The demo password is refused: {form.errors.as_text()}")
    if reason := invitations.accept(invitation=invitation, password_form=form):
        raise CommandError(f"{invitation.user.email}'s invitation no longer works ({reason}).")
    return invitation.user


def _exercises():
    # Movements only: the demo's logs count sets, which tasks and read-this cards have not.
    shared = (
        Exercise.objects.filter(clinic__isnull=True, is_archived=False)
        .exclude(exercise_type__in=TASK_TYPES)
        .order_by("name")
    )
    for_heel = list(shared.filter(conditions__slug="plantar-fasciitis")[:4])
    return for_heel or list(shared[:4])


def _log_history(program, *, story, today, rng):
    """Each day from the start to yesterday the patient opens Today and saves that day's log,
    on the evening of the day itself, or forgets to (more often in some stories)."""
    patient = program.patient
    day = program.start_date
    while day < today:
        ago = (today - day).days
        skipped = (story == "stopped" and ago <= 5) or rng.random() < (
            0.03 if story == "steady" else 0.15
        )
        if not skipped:
            plan = next(p for p in plan_day(patient=patient, day=day) if p.program == program)
            save_daily_log(
                patient=patient,
                program=program,
                day=day,
                data=_log_data(story, ago, rng),
                completions=_done(plan.prescriptions, story, rng),
                today=day,
                now=datetime.datetime.combine(day, LOGGED_AT, tzinfo=user_timezone(patient)),
            )
        day += datetime.timedelta(days=1)


def _log_data(story, ago, rng) -> dict:
    """The day's pain scores as the story has them, with the odd note."""
    morning, exercise_pain = rng.randint(2, 4), rng.randint(2, 4)
    if story == "red" and ago <= 3:
        exercise_pain = rng.randint(7, 8)
    if story == "rising":
        morning = rng.randint(5, 7) if ago <= 6 else rng.randint(2, 3)
    if story == "steady":
        morning, exercise_pain = rng.randint(0, 2), rng.randint(0, 2)
    return {
        "morning_pain": morning,
        "exercise_pain": exercise_pain,
        "difficulty": Difficulty.ABOUT_RIGHT,
        "note": "Heel stiff on the first steps." if ago % 9 == 0 else "",
    }


def _done(prescriptions, story, rng) -> dict:
    """What was done of each exercise due that day: everything when the story is steady."""
    done = {}
    for rx in prescriptions:
        times = rx.times_per_day if story == "steady" else rng.randint(0, rx.times_per_day)
        done[rx.pk] = Done(times=times, sets=rx.sets if times else 0)
    return done
