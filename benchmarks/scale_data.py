"""A year of a large clinic group, generated in Python and bulk-loaded with COPY.

Used by `benchmarks/seed_scale.py` and the benchmarks. Everything is drawn from one
`random.Random(seed)`, UUIDs included, so a seed and a date give the same rows every time.
Rows are buffered per table for a chunk of patients and written with PostgreSQL COPY
through psycopg 3, which is what makes ten thousand patients load in minutes, not hours.

The people behave like real ones: most log most days, some drift off and stop, some log a
day or two late; morning pain mostly settles week on week, for some it rises. Flags follow
the clinical rules in DESIGN.md (pain above the limit, rising morning pain, missed days,
ready to progress), so dashboards see a realistic mix.
"""

import contextlib
import datetime
import random
import uuid
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from psycopg import sql

from accounts.models import Clinic, PatientProfile, Role, User
from exercises.models import BodyRegion, Condition, Exercise, ExerciseType
from programs.models import ALL_WEEKDAYS, Difficulty, FlagKind, ProgramStatus
from programs.prescribing.status_history import status_from

DOMAIN = "scale.example"
PASSWORD = "stride-scale-2026"  # noqa: S105  (synthetic accounts only, printed for benchmarks) # nosec B105
OWN_EXERCISE_PREFIX = "scale-"
TIMEZONES = ["Europe/London", "Europe/Dublin", "Europe/Berlin", "America/New_York"]
FIRST_NAMES = [
    "Ada",
    "Ben",
    "Cara",
    "Dev",
    "Ema",
    "Finn",
    "Gita",
    "Hugo",
    "Iris",
    "Jon",
    "Kemi",
    "Liam",
    "Mia",
    "Noor",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Xavi",
    "Yara",
    "Zed",
    "Ali",
    "Bea",
    "Cyd",
    "Dora",
]
LAST_NAMES = [
    "Adler",
    "Brook",
    "Chen",
    "Dube",
    "Evans",
    "Fox",
    "Garcia",
    "Haas",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Moss",
    "Nowak",
    "Otieno",
    "Park",
    "Quist",
    "Reid",
    "Silva",
    "Tan",
    "Ueda",
    "Vance",
    "Walsh",
    "Xu",
    "Young",
    "Zhou",
]
NOTES = [
    "Heel felt stiff first thing, eased after a few minutes.",
    "Busy day, did the exercises in the evening.",
    "Calf stretch is getting easier.",
    "Sore after a long walk.",
    "Forgot the morning set.",
]

# Columns written per table, in the order of the tuples the generator builds.
COLUMNS = {
    "accounts_user": [
        "id", "password", "last_login", "is_superuser", "email", "full_name", "role",
        "is_active", "is_staff", "date_joined", "clinic_id",
    ],
    "accounts_patientprofile": [
        "user_id", "date_of_birth", "timezone", "created_at", "condition_id",
    ],
    "accounts_patientprofile_care_team": ["patientprofile_id", "user_id"],
    "programs_program": [
        "id", "title", "start_date", "end_date", "status", "pain_limit", "version",
        "created_at", "updated_at", "condition_id", "patient_id", "prescriber_id",
    ],
    "programs_programstatusspan": ["program_id", "status", "start_date", "end_date"],
    "programs_prescription": [
        "id", "program_id", "exercise_id", "series", "order", "name", "summary", "steps",
        "cues", "precautions", "exercise_type", "sets", "reps", "hold_seconds",
        "times_per_day", "weekdays", "side", "rest_seconds", "note", "valid_from",
        "valid_until", "created_at",
    ],
    "programs_programchange": [
        "program_id", "changed_by_id", "changed_at", "effective_date", "summary",
    ],
    "programs_sessionlog": [
        "id", "program_id", "patient_id", "date", "morning_pain", "exercise_pain",
        "difficulty", "note", "created_at", "updated_at",
    ],
    "programs_exercisecompletion": ["log_id", "prescription_id", "times_done", "sets_done"],
    "programs_flag": [
        "id", "patient_id", "program_id", "prescription_id", "kind", "reason", "raised_on",
        "created_at", "acknowledged_at", "acknowledged_by_id", "acknowledgement_note",
    ],
}  # fmt: skip

# --reset empties these (every row: a scale database holds nothing else worth keeping) and
# the scale patients' profiles; the accounts and clinics stay (see `reset`).
RESET_TABLES = [
    "programs_outcomeanswer",
    "programs_outcomeresponse",
    "programs_exercisecompletion",
    "programs_sessionlog",
    "programs_flag",
    "programs_programchange",
    "programs_programstatusspan",
    "programs_prescription",
    "programs_program",
]
# Account ids are derived from the e-mail, so a kept account is the same person next time.
ACCOUNT_NAMESPACE = uuid.UUID("6f1d2c3e-5a4b-4c8d-9e0f-5354524944ff")
DIFFICULTIES = [Difficulty.ABOUT_RIGHT] * 3 + [Difficulty.TOO_EASY, Difficulty.TOO_HARD]
PATIENT_CHUNK = 250
# The tables with millions of rows, loaded without their plain indexes.
BULK_TABLES = [
    "programs_sessionlog",
    "programs_exercisecompletion",
    "programs_flag",
]


@dataclass(frozen=True)
class ScaleSize:
    clinics: int = 20
    clinicians: int = 500  # clinic staff, one clinic admin per clinic among them
    patients: int = 10_000
    days: int = 365
    seed: int = 1


def clinic_admin_email(clinic_no: int) -> str:
    return f"admin.{clinic_no:02d}@{DOMAIN}"


def clinician_email(clinic_no: int, number: int) -> str:
    return f"clinician.{clinic_no:02d}.{number:03d}@{DOMAIN}"


def patient_email(clinic_no: int, number: int) -> str:
    return f"patient.{clinic_no:02d}.{number:05d}@{DOMAIN}"


# The people the benchmarks sign in as (all share PASSWORD).
BENCHMARK_LOGINS = {
    # Clinic 1's lead clinician: exactly 200 patients on the care team.
    "clinician_200": clinician_email(1, 1),
    # Clinic 1's admin: sees every patient of clinic 1 (≥ 500 with the default size).
    "clinic_admin": clinic_admin_email(1),
    # Clinic 1's first patient: in care for the whole period, logging nearly every day.
    "patient_year": patient_email(1, 1),
}


def _identifiers(names) -> sql.Composed:
    return sql.SQL(", ").join(map(sql.Identifier, names))


def scale_dataset_exists() -> bool:
    return PatientProfile.objects.filter(user__email__endswith="@" + DOMAIN).exists()


def reset() -> None:
    """Remove a scale dataset's programs, logs, flags and patient profiles.

    The audit trail is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and its
    rows PROTECT the accounts and clinics they name, so benchmark sign-ins make those
    undeletable. Accounts and clinics are therefore kept and reused by the next load
    (accounts by e-mail, with ids derived from it; clinics by name); only scale accounts
    and clinics that no audit row names are deleted, so a smaller dataset leaves no
    leftovers that matter.
    """
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(sql.SQL("TRUNCATE {}").format(_identifiers(RESET_TABLES)))
    pattern = "%@" + DOMAIN
    # Raw deletes: the ORM would first collect ten thousand users' related rows in Python.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM accounts_patientprofile_care_team WHERE patientprofile_id IN "
            "(SELECT id FROM accounts_user WHERE email LIKE %s)",
            [pattern],
        )
        cursor.execute(
            "DELETE FROM accounts_patientprofile WHERE user_id IN "
            "(SELECT id FROM accounts_user WHERE email LIKE %s)",
            [pattern],
        )
        cursor.execute(
            """
            DELETE FROM accounts_user u WHERE email LIKE %s
            AND NOT EXISTS (SELECT 1 FROM accounts_patientprofile_care_team t
                            WHERE t.user_id = u.id)
            AND NOT EXISTS (SELECT 1 FROM accounts_auditevent a
                            WHERE a.user_id = u.id OR a.patient_id = u.id)
            """,
            [pattern],
        )
        cursor.execute(
            """
            DELETE FROM accounts_clinic c WHERE name LIKE 'Scale clinic %%'
            AND NOT EXISTS (SELECT 1 FROM accounts_user u WHERE u.clinic_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM accounts_auditevent a WHERE a.clinic_id = c.id)
            """
        )
    Exercise.objects.filter(slug__startswith=OWN_EXERCISE_PREFIX).delete()


class Progress:
    """A one-line progress bar on stderr, redrawn only when the shown percentage changes."""

    def __init__(self, stream, label: str, total: int):
        self.stream, self.label, self.total = stream, label, max(total, 1)
        self.done, self.shown = 0, -1

    def advance(self, count: int) -> None:
        self.done += count
        percent = self.done * 100 // self.total
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4) + "." * (25 - percent // 4)
            self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% ({self.done}/{self.total})")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


@dataclass
class _Behaviour:
    """How one patient logs: drawn once, then followed day by day."""

    log_chance: float
    complete_chance: float
    stop_day: datetime.date | None
    late: bool
    pain_start: float
    pain_slope: float  # points per day; negative = settling


@dataclass
class _Item:
    """One prescription version, as the log generator needs it."""

    id: str
    name: str
    sets: int
    times_per_day: int
    weekdays: int
    valid_from: datetime.date
    valid_until: datetime.date | None


@dataclass
class _Clinic:
    pk: int
    number: int
    timezone: zoneinfo.ZoneInfo
    today: datetime.date
    missed_days: int
    lead: str | None = None
    clinicians: list[str] = field(default_factory=list)


class ScaleLoader:
    """Generates the dataset and writes it through COPY, `PATIENT_CHUNK` patients at a time.

    Call inside a transaction; `counts` holds the rows written per table.
    """

    def __init__(self, size: ScaleSize, *, now: datetime.datetime, stderr):
        self.size = size
        self.now = now
        self.stderr = stderr
        self.rng = random.Random(size.seed)  # noqa: S311  (synthetic, reproducible on purpose) # nosec B311
        self.counts: Counter = Counter()
        self.rows: dict[str, list[tuple]] = defaultdict(list)
        self.password = make_password(PASSWORD)  # hashed once: Argon2 is slow on purpose

    # -- helpers ---------------------------------------------------------------------------

    def new_id(self) -> str:
        # Hex text, not UUID objects: psycopg copies str without a Python-level dumper,
        # which makes COPY about twice as fast; PostgreSQL reads the 32 digits as a uuid.
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def at(self, clinic: _Clinic, day: datetime.date, hour: int) -> datetime.datetime:
        minute = self.rng.randrange(60)
        return datetime.datetime.combine(day, datetime.time(hour, minute), clinic.timezone)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def flush(self) -> None:
        with connection.connection.cursor() as cursor:
            for table, rows in self.rows.items():
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), _identifiers(COLUMNS[table])
                )
                with cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
                self.counts[table] += len(rows)
        self.rows.clear()

    # -- the dataset ----------------------------------------------------------------------

    def load(self) -> None:
        with bulk_load():
            self._generate()

    def _generate(self) -> None:
        self.condition_id = (
            Condition.objects.filter(slug="plantar-fasciitis").values_list("pk", flat=True)
            or Condition.objects.values_list("pk", flat=True)
        ).first()
        self.exercises = self._exercises()
        self.clinics = self._clinics()
        # Accounts kept by a reset (see `reset`), reused as they are.
        self.kept_accounts = {
            email: pk.hex
            for email, pk in User.objects.filter(email__endswith="@" + DOMAIN).values_list(
                "email", "pk"
            )
        }
        self._staff()
        sizes = self._clinic_sizes()
        progress = Progress(self.stderr, "patients", self.size.patients)
        for clinic, count in zip(self.clinics, sizes, strict=True):
            lead_count = min(200, count) if clinic.number == 1 else min(200, round(count * 0.35))
            for number in range(1, count + 1):
                primary = (
                    clinic.lead
                    if number <= lead_count or len(clinic.clinicians) == 1
                    else self.rng.choice(clinic.clinicians[1:])
                )
                self._patient(clinic, number, primary)
                if sum(len(rows) for rows in self.rows.values()) > PATIENT_CHUNK * 400:
                    self.flush()
                progress.advance(1)
        self.flush()

    def _exercises(self) -> list[Exercise]:
        shared = list(Exercise.objects.filter(clinic__isnull=True, is_archived=False))
        if len(shared) >= 6:
            return shared
        regions, types = list(BodyRegion), list(ExerciseType)
        made = []
        for number in range(60):
            region, kind = regions[number % len(regions)], types[number % len(types)]
            hold = kind in (ExerciseType.STRETCH, ExerciseType.BALANCE)
            made.append(
                Exercise(
                    slug=f"{OWN_EXERCISE_PREFIX}{number:02d}-{region.value}-{kind.value}",
                    name=f"{kind.label} for the {region.label.lower()} {number // 24 + 1}",
                    summary=f"A simple {kind.label.lower()} exercise.",
                    steps=["Get into position.", "Move slowly and steadily.", "Rest, repeat."],
                    cues=["Breathe out as you move"],
                    body_region=region.value,
                    exercise_type=kind.value,
                    difficulty=number % 3 + 1,
                    default_reps=None if hold else 10,
                    default_hold_seconds=30 if hold else None,
                )
            )
        return Exercise.objects.bulk_create(made)

    def _clinics(self) -> list[_Clinic]:
        """The scale clinics, reusing those a reset kept (by name). Two-factor sign-in is
        off: the benchmarks sign clinic staff in with a password alone."""
        clinics = []
        for number in range(1, self.size.clinics + 1):
            row, _ = Clinic.objects.update_or_create(
                name=clinic_name(number),
                defaults={
                    "timezone": self.rng.choice(TIMEZONES),
                    "require_two_factor": False,
                    "created_at": self.now - datetime.timedelta(days=self.size.days + 30),
                },
            )
            tz = zoneinfo.ZoneInfo(row.timezone)
            clinics.append(
                _Clinic(row.pk, number, tz, self.now.astimezone(tz).date(), row.missed_days_flag)
            )
        return clinics

    def _user(self, clinic: _Clinic, email: str, role: str) -> str:
        pk = uuid.uuid5(ACCOUNT_NAMESPACE, email).hex
        name = self.name()  # drawn either way: the rows after it do not depend on a reset
        if email in self.kept_accounts:
            return self.kept_accounts[email]
        joined = self.now - datetime.timedelta(days=self.size.days + 30)
        self.rows["accounts_user"].append(
            (pk, self.password, None, False, email, name, role, True, False, joined, clinic.pk)
        )
        return pk

    def _staff(self) -> None:
        per_clinic, extra = divmod(self.size.clinicians, self.size.clinics)
        for clinic in self.clinics:
            count = per_clinic + (clinic.number <= extra)
            self._user(clinic, clinic_admin_email(clinic.number), Role.CLINIC_ADMIN)
            clinic.clinicians = [
                self._user(clinic, clinician_email(clinic.number, number), Role.CLINICIAN)
                for number in range(1, count)
            ]
            clinic.lead = clinic.clinicians[0]

    def _clinic_sizes(self) -> list[int]:
        """Clinic 1 is the largest (600 of the default 10,000); the rest vary ±40 %."""
        total, clinics = self.size.patients, self.size.clinics
        if clinics == 1:
            return [total]
        first = min(total - (clinics - 1), round(total / clinics * 1.2))
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(clinics - 1)]
        rest = total - first
        sizes = [max(1, int(rest * weight / sum(weights))) for weight in weights]
        sizes[-1] += rest - sum(sizes)
        return [first, *sizes]

    def _patient(self, clinic: _Clinic, number: int, primary: str) -> None:
        rng = self.rng
        pk = self._user(clinic, patient_email(clinic.number, number), Role.PATIENT)
        first_day = clinic.today - datetime.timedelta(days=self.size.days - 1)
        birth = datetime.date(rng.randint(1940, 2006), rng.randint(1, 12), rng.randint(1, 28))
        joined = datetime.datetime.combine(first_day, datetime.time(9), clinic.timezone)
        self.rows["accounts_patientprofile"].append((pk, birth, "", joined, self.condition_id))
        team = [primary]
        others = [c for c in clinic.clinicians if c not in (primary, clinic.lead)]
        if others and rng.random() < 0.25:
            team.append(rng.choice(others))
        for clinician in team:
            self.rows["accounts_patientprofile_care_team"].append((pk, clinician))

        # In care for the whole period (clinic 1's first patient always), or for a spell.
        whole_period = number == 1 or rng.random() < 0.12
        if whole_period:
            care_start, care_end = first_day, None
        else:
            care_start = first_day + datetime.timedelta(
                days=rng.randrange(max(1, self.size.days - 7))
            )
            care_end = care_start + datetime.timedelta(days=rng.randint(42, 240))
            if care_end >= clinic.today:
                care_end = None
        behaviour = self._behaviour(care_start, clinic.today, steady=number == 1)
        start = care_start
        last = care_end or clinic.today
        while start <= last:
            length = rng.randint(42, 112)
            end = start + datetime.timedelta(days=length - 1)
            if care_end is not None:
                end = min(end, care_end)
            self._program(clinic, pk, primary, start, end, behaviour)
            start = end + datetime.timedelta(days=1)

    def _behaviour(self, care_start, today, *, steady: bool) -> _Behaviour:
        rng = self.rng
        log_chance, complete_chance = rng.choice([(0.92, 0.95), (0.75, 0.85), (0.45, 0.7)])
        stop_day = None
        if not steady and rng.random() < 0.15:
            stop_day = care_start + datetime.timedelta(
                days=rng.randint(7, max(7, (today - care_start).days))
            )
        # Morning pain settles for most, stays for some and rises for a few.
        trend = rng.random()
        if trend < 0.65:
            slope = -rng.uniform(0.01, 0.04)
        elif trend < 0.85:
            slope = 0.0
        else:
            slope = rng.uniform(0.01, 0.03)
        if steady:
            log_chance, complete_chance, slope = 0.95, 0.95, -0.01
        return _Behaviour(
            log_chance=log_chance,
            complete_chance=complete_chance,
            stop_day=stop_day,
            late=not steady and rng.random() < 0.15,
            pain_start=rng.uniform(2, 6.5),
            pain_slope=slope,
        )

    def _program(self, clinic, patient, prescriber, start, end, behaviour) -> None:
        rng = self.rng
        today = clinic.today
        pk = self.new_id()
        ongoing = end >= today
        spans = [[ProgramStatus.ACTIVE, start, None]]  # its status history
        length = (end - start).days + 1
        if length > 30 and rng.random() < 0.1:
            pause_start = start + datetime.timedelta(days=rng.randint(10, length - 20))
            pause_end = pause_start + datetime.timedelta(days=rng.randint(3, 14))
            if pause_start <= today:  # a pause still to come is no history yet
                status_from(spans, ProgramStatus.PAUSED, pause_start)
                if pause_end < today:
                    resumed = pause_end + datetime.timedelta(days=1)
                    status_from(spans, ProgramStatus.ACTIVE, resumed)
        if ongoing and (today - start).days > 7 and rng.random() < 0.08:
            paused = today - datetime.timedelta(days=rng.randint(1, 7))
            status_from(spans, ProgramStatus.PAUSED, paused)
        if not ongoing:
            status_from(spans, ProgramStatus.COMPLETED, end + datetime.timedelta(days=1))
        status = spans[-1][0]
        self.rows["programs_programstatusspan"] += [(pk, *span) for span in spans]

        items = self._prescriptions(clinic, pk, prescriber, start, end)
        edits = len({item.valid_from for item in items if item.valid_from != start})
        created = self.at(clinic, start, 10)
        self.rows["programs_program"].append(
            (pk, "Heel pain program" if self.condition_id else "Home exercise program",
             start, None if ongoing and rng.random() < 0.3 else end, status, 5, 1 + edits,
             created, created, self.condition_id, patient, prescriber)
        )  # fmt: skip
        self._logs(clinic, patient, prescriber, pk, items, start, min(end, today), spans, behaviour)

    def _prescriptions(self, clinic, program, prescriber, start, end) -> list[_Item]:
        rng = self.rng
        items = []
        length = (end - start).days + 1
        edit_day = (
            start + datetime.timedelta(days=rng.randint(14, length - 7))
            if length >= 28 and rng.random() < 0.3
            else None
        )
        edited = set(rng.sample(range(3), rng.randint(1, 2))) if edit_day else set()
        for order, exercise in enumerate(rng.sample(self.exercises, rng.randint(3, 6))):
            sets = rng.randint(2, 4)
            reps = exercise.default_reps or (None if exercise.default_hold_seconds else 10)
            hold = exercise.default_hold_seconds
            weekdays = ALL_WEEKDAYS if rng.random() < 0.75 else rng.choice([0b10101, 0b11111])
            dose = {
                "sets": sets,
                "reps": reps,
                "hold": hold,
                "times_per_day": 2 if rng.random() < 0.2 else 1,
                "weekdays": weekdays,
            }
            series = self.new_id()
            versions = [(start, None, dose)]
            if order in edited:
                harder = dict(
                    dose,
                    sets=min(sets + 1, 10),
                    reps=reps and reps + 2,
                    hold=hold and min(hold + 10, 600),
                )
                versions = [(start, edit_day - datetime.timedelta(days=1), dose),
                            (edit_day, None, harder)]  # fmt: skip
                self.rows["programs_programchange"].append(
                    (program, prescriber, self.at(clinic, edit_day, 9), edit_day,
                     f"{exercise.name}: {sets} sets → {harder['sets']} sets.")
                )  # fmt: skip
            for valid_from, valid_until, version in versions:
                item = _Item(
                    self.new_id(), exercise.name, version["sets"], version["times_per_day"],
                    version["weekdays"], valid_from, valid_until,
                )  # fmt: skip
                items.append(item)
                self.rows["programs_prescription"].append(
                    (item.id, program, exercise.pk, series, order, exercise.name,
                     exercise.summary, exercise.steps, exercise.cues, exercise.precautions,
                     exercise.exercise_type, version["sets"], version["reps"], version["hold"],
                     version["times_per_day"], version["weekdays"], "", 0, "", valid_from,
                     valid_until, self.at(clinic, valid_from, 9))
                )  # fmt: skip
        return items

    def _logs(self, clinic, patient, prescriber, program, items, start, last, spans, b) -> None:
        """One day at a time: what was due, whether they logged, how it felt, which flags."""
        rng = self.rng
        day, missed, window = start, 0, []
        active = [(s, e) for status, s, e in spans if status == ProgramStatus.ACTIVE]
        while day <= last:
            paused = not any(s <= day and (e is None or day <= e) for s, e in active)
            bit = 1 << day.weekday()
            due = [
                item
                for item in items
                if item.weekdays & bit
                and item.valid_from <= day
                and (item.valid_until is None or day <= item.valid_until)
            ]
            if paused or not due:
                day += datetime.timedelta(days=1)
                continue
            stopped = b.stop_day is not None and day >= b.stop_day
            if stopped or rng.random() > b.log_chance:
                missed += 1
                if missed == clinic.missed_days:
                    self._flag(clinic, patient, prescriber, program, FlagKind.MISSED, day,
                               f"No log for {missed} scheduled days in a row.")  # fmt: skip
                window.append((0, sum(item.times_per_day for item in due), None))
                day += datetime.timedelta(days=1)
                continue
            missed = 0
            elapsed = (day - start).days
            morning = round(b.pain_start + b.pain_slope * elapsed + rng.gauss(0, 0.8))
            morning = max(0, min(10, morning))
            during = max(0, min(10, morning + rng.choice((-2, -1, -1, 0, 0, 1))))
            log = self.new_id()
            saved = self.at(clinic, day, rng.randint(18, 21))
            if b.late and rng.random() < 0.5:
                saved += datetime.timedelta(days=rng.randint(1, 3))
            self.rows["programs_sessionlog"].append(
                (log, program, patient, day, morning, during,
                 rng.choice(DIFFICULTIES),
                 rng.choice(NOTES) if rng.random() < 0.05 else "", saved, saved)
            )  # fmt: skip
            done_total = 0
            for item in due:
                if rng.random() < b.complete_chance:
                    times, sets = item.times_per_day, item.sets
                else:
                    times = rng.randrange(item.times_per_day)
                    sets = rng.randint(1, item.sets) if times else 0
                done_total += times
                self.rows["programs_exercisecompletion"].append((log, item.id, times, sets))
            window.append((done_total, sum(item.times_per_day for item in due), morning))
            if during > 5:
                self._flag(clinic, patient, prescriber, program, FlagKind.RED_PAIN, day,
                           f"Pain during the exercises was {during}/10, above the limit "
                           "of 5/10.")  # fmt: skip
            if len(window) >= 14 and elapsed % 7 == 0:
                self._weekly_flags(clinic, patient, prescriber, program, day, window[-14:])
            day += datetime.timedelta(days=1)

    def _weekly_flags(self, clinic, patient, prescriber, program, day, fortnight) -> None:
        earlier = [pain for _, _, pain in fortnight[:7] if pain is not None]
        recent = [pain for _, _, pain in fortnight[7:] if pain is not None]
        if earlier and recent:
            before, now = sum(earlier) / len(earlier), sum(recent) / len(recent)
            if now - before >= 2:
                self._flag(clinic, patient, prescriber, program, FlagKind.RISING_PAIN, day,
                           f"Morning pain averaged {now:.1f}/10 this week, "
                           f"up from {before:.1f}/10 the week before.")  # fmt: skip
        done = sum(done for done, _, _ in fortnight)
        due = sum(due for _, due, _ in fortnight)
        if due and done / due >= 0.8 and recent and max(recent) <= 2:
            self._flag(clinic, patient, prescriber, program, FlagKind.PROGRESS, day,
                       f"Did {done * 100 // due}% of the exercises over 14 days "
                       "with little pain: ready to progress.")  # fmt: skip

    def _flag(self, clinic, patient, prescriber, program, kind, day, reason) -> None:
        raised = self.at(clinic, day, 21)
        acknowledged = None
        if (clinic.today - day).days > 7 and self.rng.random() < 0.8:
            acknowledged = raised + datetime.timedelta(days=self.rng.randint(1, 3))
        self.rows["programs_flag"].append(
            (self.new_id(), patient, program, None, kind, reason, day, raised, acknowledged,
             prescriber if acknowledged else None, "")
        )  # fmt: skip


def _skip_foreign_key_triggers() -> None:
    """Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so each copied row queues
    a check that runs at COMMIT: millions of them cost as long as the load itself. The
    rows reference only rows made here (tests/scale checks it), so when we may, we turn
    the triggers off for this transaction only. Unique and check constraints still hold.
    """
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def drop_secondary_indexes() -> list[str]:
    """Drop the big tables' indexes other than their primary keys: plain ones and those of
    unique constraints. Returns the statements that make them again.

    Building an index once after the load is several times faster than updating it row by
    row (random UUIDs touch a different page each time, and with a hundred thousand
    patients the pages no longer stay in memory). Being DDL inside the load's transaction, a
    failed load puts them back; a unique constraint made again checks every row, so a
    duplicate still fails the load. Primary keys stay (foreign keys stand on them).
    """
    with connection.connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', conrelid::regclass,
                          conname, pg_get_constraintdef(oid)),
                   format('ALTER TABLE %%I DROP CONSTRAINT %%I', conrelid::regclass, conname)
            FROM pg_constraint
            WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint fk
                              WHERE fk.contype = 'f' AND fk.conindid = pg_constraint.conindid)
            UNION ALL
            SELECT indexdef, format('DROP INDEX %%I', indexname) FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = ANY(%s)
              AND indexname NOT IN (SELECT conname FROM pg_constraint)
            """,
            [BULK_TABLES, BULK_TABLES],
        )
        statements = cursor.fetchall()
        for _, drop in statements:
            cursor.execute(drop)
    return [make for make, _ in statements]


@contextlib.contextmanager
def bulk_load():
    """Inside the load's transaction: the foreign-key triggers skipped, the big tables'
    secondary indexes dropped, then built once the rows are in, and fresh statistics."""
    connection.ensure_connection()
    _skip_foreign_key_triggers()
    indexes = drop_secondary_indexes()
    yield
    make_indexes(indexes)


def make_indexes(statements: list[str]) -> None:
    """Make the dropped indexes again, and fresh statistics so that the first benchmark
    does not plan against empty tables."""
    with connection.connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(sql.SQL("ANALYZE {}").format(_identifiers([*COLUMNS, "accounts_clinic"])))


def clinic_name(number: int) -> str:
    return f"Scale clinic {number:02d}"


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in COLUMNS:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
        return counts


def database_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]
