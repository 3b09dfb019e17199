from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Clinic, PatientProfile, Role, User

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


class Command(BaseCommand):
    help = (
        "Create the demo clinic (one clinic admin, two clinicians, five patients) with the "
        "password printed at the end. Idempotent: existing demo accounts are left as they are."
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
