"""seed_scale: consistent, reproducible rows at a tiny size."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Clinic, PatientProfile, Role, User
from benchmarks import scale_copies, scale_data
from benchmarks.seed_scale import SeedScale
from programs.models import ExerciseCompletion, Program, SessionLog

# The command commits its own transactions and may TRUNCATE: each test gets a real database.
pytestmark = pytest.mark.django_db(transaction=True)

TINY = {"clinics": 2, "clinicians": 4, "patients": 20, "days": 30}


def seed(**options):
    out = io.StringIO()
    call_command(SeedScale(), **{**TINY, **options}, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def violations(query):
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


def fingerprint():
    """Row counts and a hash of every generated value that matters to reports."""
    return {
        **scale_data.row_counts(),
        **dict(
            violations(
                """
                SELECT 'logs', md5(string_agg(concat_ws(',', id, program_id, date, morning_pain,
                       exercise_pain, difficulty, note, created_at), ';' ORDER BY id))
                FROM programs_sessionlog
                UNION ALL
                SELECT 'completions', md5(string_agg(concat_ws(',', log_id, prescription_id,
                       times_done, sets_done), ';' ORDER BY log_id, prescription_id))
                FROM programs_exercisecompletion
                UNION ALL
                SELECT 'prescriptions', md5(string_agg(concat_ws(',', id, series, sets, reps,
                       times_per_day, weekdays, valid_from, valid_until), ';' ORDER BY id))
                FROM programs_prescription
                """
            )
        ),
    }


def test_it_creates_the_people_and_prints_counts_size_and_logins():
    output = seed()
    assert User.objects.filter(role=Role.CLINIC_ADMIN).count() == 2
    assert User.objects.filter(role=Role.CLINICIAN).count() == 2
    assert PatientProfile.objects.count() == 20
    assert all(1 <= p.care_team.count() <= 2 for p in PatientProfile.objects.all())
    assert Program.objects.exists() and SessionLog.objects.exists()
    assert ExerciseCompletion.objects.exists()
    assert "programs_sessionlog" in output and "Database size:" in output
    for email in scale_data.BENCHMARK_LOGINS.values():
        assert email in output
        assert User.objects.get(email=email).check_password(scale_data.PASSWORD)


def test_its_rows_keep_every_rule_of_the_domain():
    seed()
    assert_every_rule_of_the_domain_holds()


def assert_every_rule_of_the_domain_holds():
    # Foreign keys: the load skips their triggers, so check that nothing points nowhere.
    assert not violations(
        """
        SELECT 'log' FROM programs_sessionlog l LEFT JOIN programs_program p ON p.id = l.program_id
        WHERE p.id IS NULL OR l.patient_id <> p.patient_id
        UNION ALL
        SELECT 'completion' FROM programs_exercisecompletion c
        LEFT JOIN programs_sessionlog l ON l.id = c.log_id
        LEFT JOIN programs_prescription rx ON rx.id = c.prescription_id
        WHERE l.id IS NULL OR rx.id IS NULL OR rx.program_id <> l.program_id
        UNION ALL
        SELECT 'flag' FROM programs_flag f JOIN programs_program p ON p.id = f.program_id
        WHERE f.patient_id <> p.patient_id
        UNION ALL
        SELECT 'team' FROM accounts_patientprofile_care_team t
        JOIN accounts_user c ON c.id = t.user_id JOIN accounts_user u ON u.id = t.patientprofile_id
        WHERE c.role <> 'clinician' OR c.clinic_id <> u.clinic_id
        """
    )
    # Every log is on a day its program ran, active by its status history and not in the
    # patient's future.
    today = timezone.now().date() + datetime.timedelta(days=1)
    assert not violations(
        f"""
        SELECT l.id FROM programs_sessionlog l JOIN programs_program p ON p.id = l.program_id
        WHERE l.date < p.start_date OR l.date > COALESCE(p.end_date, '{today}'::date)
           OR l.date > '{today}'::date
           OR NOT EXISTS (
               SELECT 1 FROM programs_programstatusspan s
               WHERE s.program_id = p.id AND s.status = 'active'
                 AND l.date >= s.start_date AND (s.end_date IS NULL OR l.date <= s.end_date))
        """  # noqa: S608  (a date we made, not input)
    )
    # Each history runs without a gap from the start, its one open span the current status.
    assert not violations(
        """
        SELECT p.id FROM programs_program p
        JOIN LATERAL (
            SELECT array_agg(s.status ORDER BY s.start_date) AS statuses,
                   min(s.start_date) AS first, count(*) FILTER (WHERE s.end_date IS NULL) AS open,
                   bool_and(s.end_date IS NULL OR EXISTS (
                       SELECT 1 FROM programs_programstatusspan n
                       WHERE n.program_id = p.id AND n.start_date = s.end_date + 1)) AS joined
            FROM programs_programstatusspan s WHERE s.program_id = p.id
        ) h ON true
        WHERE h.first IS DISTINCT FROM p.start_date OR h.open <> 1 OR NOT h.joined
           OR h.statuses[array_length(h.statuses, 1)] <> p.status
        """
    )
    # Completions count a prescription in effect that day, at most its times per day.
    assert not violations(
        """
        SELECT c.id FROM programs_exercisecompletion c
        JOIN programs_sessionlog l ON l.id = c.log_id
        JOIN programs_prescription rx ON rx.id = c.prescription_id
        WHERE c.times_done > rx.times_per_day OR c.sets_done > rx.sets
           OR l.date < rx.valid_from OR l.date > COALESCE(rx.valid_until, l.date)
        """
    )
    # 3 to 6 exercises per program; an edit closes a version and opens the next one.
    assert not violations(
        """
        SELECT program_id FROM programs_prescription GROUP BY program_id
        HAVING count(DISTINCT series) NOT BETWEEN 3 AND 6
        UNION ALL
        SELECT a.program_id FROM programs_prescription a JOIN programs_prescription b
          ON a.series = b.series AND a.id <> b.id AND a.valid_from < b.valid_from
        WHERE a.valid_until IS NULL OR a.valid_until + 1 <> b.valid_from
        """
    )


def test_it_is_reproducible_from_the_seed():
    seed()
    first = fingerprint()
    seed(reset=True)
    assert fingerprint() == first
    seed(reset=True, seed=2)
    assert fingerprint()["logs"] != first["logs"]


def test_it_refuses_to_add_a_second_dataset():
    seed()
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert PatientProfile.objects.count() == 20


def test_it_refuses_a_clinic_without_a_clinician():
    with pytest.raises(CommandError, match="clinician"):
        seed(clinicians=2)


def test_the_lead_clinician_of_clinic_one_has_exactly_200_patients():
    seed(clinics=1, clinicians=3, patients=230, days=14)
    lead = User.objects.get(email=scale_data.BENCHMARK_LOGINS["clinician_200"])
    assert lead.care_patients.count() == 200


def test_the_default_size_puts_at_least_500_patients_in_clinic_one():
    loader = scale_data.ScaleLoader(scale_data.ScaleSize(), now=timezone.now(), stderr=None)
    sizes = loader._clinic_sizes()
    assert sizes[0] >= 500 and sum(sizes) == 10_000 and min(sizes) > 0


def test_a_reset_keeps_accounts_the_audit_trail_names_and_reuses_them():
    seed()
    first = fingerprint()
    clinician = User.objects.get(email=scale_data.BENCHMARK_LOGINS["clinician_200"])
    # A benchmark sign-in: the row PROTECTs the account.
    record(None, AuditAction.SESSION_STARTED, user=clinician)
    seed(reset=True)
    assert fingerprint() == first
    assert User.objects.filter(pk=clinician.pk, clinic=clinician.clinic).exists()
    assert User.objects.get(pk=clinician.pk).care_patients.exists()
    assert AuditEvent.objects.filter(user=clinician).count() == 1


def test_its_clinics_let_staff_sign_in_without_two_factor():
    seed()
    assert not Clinic.objects.filter(name__startswith="Scale clinic", require_two_factor=True)


def test_multiplying_makes_more_clinics_just_like_the_first_ones():
    seed()
    one = scale_data.row_counts()
    indexes = big_tables_indexes()
    scale_copies.multiply(3, stderr=io.StringIO())
    assert scale_data.row_counts() == {table: count * 3 for table, count in one.items()}
    assert scale_copies.copies_made() == 3
    assert_every_rule_of_the_domain_holds()
    assert Clinic.objects.filter(name="Scale clinic 06").exists()
    original = User.objects.get(email="patient.01.00001@scale.example")
    copy = User.objects.get(email="patient.03.00001@scale.example")  # clinic 1's, copy 1
    assert copy.clinic.name == "Scale clinic 03" and copy.pk != original.pk
    assert {c.clinic for c in copy.patient_profile.care_team.all()} == {copy.clinic}
    assert sorted(copy.programs.values_list("start_date", "status")) == sorted(
        original.programs.values_list("start_date", "status")
    )
    # The big tables' indexes and unique constraints are all back, as they were.
    assert big_tables_indexes() == indexes


def big_tables_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "ORDER BY indexname",
            [scale_data.BULK_TABLES],
        )
        return cursor.fetchall()


def test_copies_past_clinic_99_keep_their_own_names_and_people():
    seed(clinics=2, clinicians=4, patients=2, days=14)
    scale_copies.multiply(50, stderr=io.StringIO())
    names = list(
        Clinic.objects.filter(name__startswith="Scale clinic").values_list("name", flat=True)
    )
    assert len(names) == len(set(names)) == 100 and "Scale clinic 100" in names
    assert User.objects.get(email="admin.100@scale.example").clinic.name == "Scale clinic 100"
    assert PatientProfile.objects.count() == 100
    assert not violations(
        "SELECT p.user_id FROM accounts_patientprofile p "
        "LEFT JOIN accounts_user u ON u.id = p.user_id WHERE u.id IS NULL"
    )
