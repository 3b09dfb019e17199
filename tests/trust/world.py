"""One clinic's worth of data for the tests that try to break in: the named people, ten
actors (from anonymous to staff), Bob's program with its log, flag and prescription, shared
and clinic-own exercises and templates, an invitation link and a password-reset link; and
valid POST data for every form, so a refused write is a real attempt."""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import invitations
from accounts.dates import local_today
from accounts.models import AuditEvent, AuditSeal
from programs.engagement.reminders import unsubscribe_token
from programs.fhir import tokens
from programs.logs.check_in import question_key
from programs.models import CalendarFeed, Message, Program, ReminderSettings
from programs.review.suggestions import find_suggestion
from tests import factories
from tests.exercises.conftest import picture_bytes
from tests.programs.builder_data import edit_data, program_data

# The actors of the access matrix, as the issue lists them.
ACTORS = [
    "anonymous",
    "inactive",
    "patient_a",
    "patient_b",
    "care_team",
    "same_clinic",
    "other_clinic",
    "clinic_admin",
    "other_admin",
    "staff",
]


@dataclass
class World:
    actors: dict = field(default_factory=dict)  # actor name -> user (None: anonymous)
    objects: dict = field(default_factory=dict)  # everything else, by name

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(*, northside, nora, alice, carlos, bob, dana, olga, otto, staff) -> World:
    outsider = olga.clinic
    oscar = factories.ClinicAdminFactory(
        clinic=outsider, email="oscar@outsider.test", full_name="Oscar Admin"
    )
    # Inactive: on Bob's care team, signed in before being deactivated.
    ivan = factories.ClinicianFactory(
        clinic=northside, email="ivan@northside.test", full_name="Ivan Gone"
    )
    bob.patient_profile.care_team.add(ivan)
    condition = factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")
    shared_exercise = factories.ExerciseFactory(slug="calf-stretch", name="Calf stretch")
    harder = factories.ExerciseFactory(slug="heel-raise", name="Heel raise")
    shared_exercise.progression = harder
    shared_exercise.save()
    own_exercise = factories.ExerciseFactory(
        slug="towel-curl-northside", name="Towel curl", clinic=northside
    )
    own_exercise.image.save("towel.png", ContentFile(picture_bytes()))
    shared_template = factories.ProgramTemplateFactory(name="Heel pain, early phase")
    own_template = factories.ProgramTemplateFactory(name="Northside heel plan", clinic=northside)
    for template in (shared_template, own_template):
        factories.TemplateItemFactory(template=template, exercise=shared_exercise)
    today = local_today(bob)
    program = factories.ProgramFactory(
        patient=bob,
        prescriber=alice,
        title="Bob's heel program",
        start_date=today - datetime.timedelta(days=20),
        # Its red flags are Bob's weekly check-in questions.
        condition=condition,
    )
    prescription = factories.PrescriptionFactory(program=program, exercise=shared_exercise)
    # The clinic's own pictured exercise in Bob's program: the patient's picture URL.
    pictured_prescription = factories.PrescriptionFactory(
        program=program, exercise=own_exercise, order=1
    )
    # Naming the exercise that hurt most, with the red flag below: a suggestion to apply.
    log = factories.SessionLogFactory(
        program=program, date=today, note="Bob's private note", hardest=prescription
    )
    flag = factories.FlagFactory(program=program, raised_on=today)
    # Last week's check-in, answered "yes": the page with its advice.
    check_in = factories.RedFlagCheckInFactory(
        patient=bob, condition=condition, date=today - datetime.timedelta(days=10)
    )
    # Bob's reminders are on, his calendar link is live, and he has written to his team.
    ReminderSettings.objects.create(patient=bob, enabled=True, times=[datetime.time(8, 0)])
    feed = CalendarFeed.objects.create(patient=bob)
    Message.objects.create(patient=bob, author=bob, body="Bob's private note about his heel")
    # Northside's API token: the clinic admin's page lists it and can revoke it.
    api_token, _token = tokens.create_token(
        clinic=northside, name="Practice system", created_by=nora
    )
    newcomer = factories.PatientFactory(
        clinic=northside, email="newcomer@patients.test", care_team=[alice]
    )
    newcomer.set_unusable_password()
    newcomer.save()
    pending = invitations.create(user=newcomer, created_by=alice)
    used = invitations.create(user=newcomer, created_by=alice)
    used.used_at = timezone.now()
    used.save()
    world = World(
        actors={
            "anonymous": None,
            "inactive": ivan,
            "patient_a": bob,
            "patient_b": dana,
            "care_team": alice,
            "same_clinic": carlos,
            "other_clinic": olga,
            "clinic_admin": nora,
            "other_admin": oscar,
            "staff": staff,
        },
        objects={
            "northside": northside,
            "outsider": outsider,
            "bob": bob,
            "alice": alice,
            "carlos": carlos,
            "olga": olga,
            "otto": otto,
            "condition": condition,
            "shared_exercise": shared_exercise,
            "own_exercise": own_exercise,
            "shared_template": shared_template,
            "own_template": own_template,
            "program": program,
            "prescription": prescription,
            "pictured_prescription": pictured_prescription,
            "log": log,
            "api_token": api_token,
            "flag": flag,
            "check_in": check_in,
            "today": today,
            "invitation_token": invitations.token_for(pending.pk),
            "used_invitation_token": invitations.token_for(used.pk),
            "reset_uid": urlsafe_base64_encode(force_bytes(bob.pk)),
            "feed_token": feed.token,
            "unsubscribe_token": unsubscribe_token(bob),
        },
    )
    return world


def exercise_data(world, **overrides) -> dict:
    return {
        "name": "Seated towel pull",
        "summary": "Stretches the sole of the foot.",
        "steps": "Sit tall.\nLoop a towel round your foot.\nPull gently.",
        "cues": "Keep your knee straight",
        "body_region": "foot_ankle",
        "exercise_type": "stretch",
        "difficulty": 1,
        "default_sets": 3,
        "default_reps": "",
        "default_hold_seconds": 30,
        "default_times_per_day": 1,
        "default_days_per_week": 7,
        "precautions": "",
        "contraindications": "",
        "video_url": "",
        # Northside's own exercise has an uploaded picture: an edit must name its credit.
        "image_author": "Northside Clinic",
        "image_licence": "Used with permission",
    } | overrides


def template_data(world, **fields) -> dict:
    header = {"name": "Northside heel plan", "condition": "", "phase": "", "description": ""}
    rows = [{"exercise": world.shared_exercise.pk, "name": world.shared_exercise.name}]
    return program_data(rows=rows, **(header | fields))


def new_program_data(world, **fields) -> dict:
    rows = [{"exercise": world.shared_exercise.pk, "name": world.shared_exercise.name}]
    fields = {"start_date": world.today.isoformat(), "title": "New heel program"} | fields
    return program_data(rows=rows, **fields)


def log_data(world, **fields) -> dict:
    rx = world.prescription
    return {
        "morning_pain": 3,
        "exercise_pain": 2,
        "difficulty": "about_right",
        "note": "Felt fine",
        f"times-{rx.pk}": 1,
        f"sets-{rx.pk}": 3,
    } | fields


def clinic_settings_data(world, **fields) -> dict:
    return {
        "name": "Northside Physio",
        "timezone": "Europe/London",
        "late_logging_days": 5,
        "missed_days_flag": 4,
    } | fields


def patient_data(world, actor=None, **fields) -> dict:
    data = {
        "full_name": "Petra New",
        "email": "petra@patients.test",
        "condition": world.condition.pk,
        "date_of_birth": "1970-05-01",
        "timezone": "",
    }
    if actor is not None and actor.is_clinic_admin:
        # An admin chooses the care team: one of their own clinic's clinicians.
        data["care_team"] = (
            world.alice.pk if actor.clinic_id == world.northside.pk else world.olga.pk
        )
    return data | fields


def valid_post(name: str, world, actor) -> dict:
    """What a browser would post to the URL named `name`: a real, valid write."""
    program = Program.objects.get(pk=world.program.pk)
    posts = {
        "password_reset": lambda: {"email": world.bob.email},
        "patient_new": lambda: patient_data(world, actor),
        "patient_edit": lambda: patient_data(world, email="bob.new@patients.test"),
        "patient_health_screen": lambda: {"health_factors": ["unsteady_balance"]},
        "clinician_new": lambda: {"full_name": "Nell New", "email": "nell@clinic.test"},
        "person_set_active": lambda: {"active": "0"},
        "person_set_role": lambda: {"role": "clinic_admin"},
        "patient_care_team": lambda: {"care_team": [world.carlos.pk]},
        "clinic_settings": lambda: clinic_settings_data(world),
        "api_tokens": lambda: {"name": "Regional record"},
        "exercise_create": lambda: exercise_data(world),
        "exercise_edit": lambda: exercise_data(
            world,
            name="Towel curl, seated",
            # It has a picture, which carries its author and licence.
            image_author="© Northside Physio",
            image_licence="Used with permission",
        ),
        "program_new": lambda: new_program_data(world),
        "program_edit": lambda: edit_data(program, title="Bob's changed program"),
        "program_save_as_template": lambda: {"name": "From Bob's program"},
        "template_edit": lambda: template_data(world, name="Renamed plan"),
        "template_archive": lambda: {"archived": "1"},
        "save_log": lambda: log_data(world),
        "my_account": lambda: {"timezone": "Europe/Paris"},
        "acknowledge_flag": lambda: {"note": "Called Bob, advised rest."},
        "acknowledge_computed_flag": lambda: {
            "kind": "red_pain",
            "raised_on": world.today.isoformat(),
            "note": "Called Bob.",
        },
        "save_hardest": lambda: {"prescription": world.prescription.pk},
        "check_in": lambda: {question_key(q): "yes" for q in world.condition.red_flags},
        "apply_suggestion": lambda: {"token": suggestion_token(world)},
        "reminder_settings": lambda: {"enabled": "on", "weekdays": [0, 2, 4], "time_1": "07:30"},
        "calendar_link": lambda: {"action": "create"},
        # What a mail app posts for RFC 8058's one-click unsubscribe.
        "reminders_unsubscribe": lambda: {"List-Unsubscribe": "One-Click"},
        "patient_messages": lambda: {"body": "My heel hurt after the stretch."},
        "outcome_page": lambda: {"page": "1", "activity": "Walking the dog", "rating": "4"},
        "clinician_messages": lambda: {"body": "Thanks Bob, let's ease off for two days."},
        "two_factor_setup": lambda: {"code": "000000"},
        "two_factor_verify": lambda: {"code": "000000"},
    }
    return posts[name]() if name in posts else {}


def suggestion_token(world) -> str:
    """The token of the smaller dose the report suggests for Bob's prescription."""
    suggestion = find_suggestion(
        patient=world.bob,
        prescription=world.prescription,
        kind="smaller-dose",
        now=timezone.now(),
        today=world.today,
    )
    return suggestion.token


def data_fingerprint() -> dict:
    """A hash of every row of every app table but the audit trail, in one query: equal
    fingerprints mean nothing was written."""
    tables = sorted(
        model._meta.db_table
        for label in ("accounts", "exercises", "programs")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model not in (AuditEvent, AuditSeal)
    )
    rows_hash = "md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), ''))"
    # Table names come from the models, not from input.
    sql = " UNION ALL ".join(
        f"SELECT '{table}', {rows_hash} FROM \"{table}\" t"  # noqa: S608
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def app_url_patterns(resolver=None, namespace=None):
    """(name, pattern) of every URL pattern of the app, walking included URL configurations;
    the Django admin (its own namespace) is left out."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from app_url_patterns(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name"
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.pattern
