"""Mass assignment: fields a form does not offer are never saved, however they are posted.

Each test posts a valid form plus owner fields pointing at the outsider clinic, its
clinician and its patient, and at more power for the poster; the saved rows keep the
owners the server chose."""

import pytest
from django.urls import reverse

from accounts.models import Clinic, Role, User
from exercises.models import Exercise
from programs.models import Flag, Program, ProgramTemplate, SessionLog
from tests.programs.builder_data import edit_data
from tests.trust.world import (
    clinic_settings_data,
    exercise_data,
    log_data,
    new_program_data,
    patient_data,
    template_data,
)

pytestmark = pytest.mark.django_db


def extras(world) -> dict:
    """Owner and privilege fields no form offers, pointing outside Northside."""
    outsider, olga, otto = world.outsider, world.olga, world.otto
    return {
        "clinic": outsider.pk,
        "clinic_id": outsider.pk,
        "patient": otto.pk,
        "patient_id": otto.pk,
        "owner": olga.pk,
        "prescriber": olga.pk,
        "prescriber_id": olga.pk,
        "created_by": olga.pk,
        "user": otto.pk,
        "user_id": otto.pk,
        "role": Role.CLINIC_ADMIN,
        "is_staff": "on",
        "is_superuser": "on",
    }


def post(client, user, url, data, world):
    client.force_login(user)
    response = client.post(url, data | extras(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def assert_no_one_gained_power(world):
    assert not User.objects.filter(is_staff=True).exclude(email="staff@stride.test").exists()
    assert not User.objects.filter(is_superuser=True).exclude(email="staff@stride.test").exists()
    assert User.objects.filter(role=Role.CLINIC_ADMIN).count() == 2  # Nora and Oscar


def test_patient_add_keeps_the_clinic_and_role(client, world):
    post(client, world.alice, reverse("patient_new"), patient_data(world), world)
    petra = User.objects.get(email="petra@patients.test")
    assert (petra.clinic, petra.role) == (world.northside, Role.PATIENT)
    assert list(petra.patient_profile.care_team.all()) == [world.alice]
    assert_no_one_gained_power(world)


def test_clinician_add_keeps_the_clinic_and_role(client, world):
    data = {"full_name": "Nell New", "email": "nell@clinic.test"}
    post(client, world.actors["clinic_admin"], reverse("clinician_new"), data, world)
    nell = User.objects.get(email="nell@clinic.test")
    assert (nell.clinic, nell.role, nell.is_staff) == (world.northside, Role.CLINICIAN, False)
    assert_no_one_gained_power(world)


def test_clinic_settings_change_only_the_admins_clinic(client, world):
    nora = world.actors["clinic_admin"]
    post(client, nora, reverse("clinic_settings"), clinic_settings_data(world), world)
    assert Clinic.objects.get(pk=world.northside.pk).name == "Northside Physio"
    assert Clinic.objects.get(pk=world.outsider.pk).name == "Outsider"
    nora.refresh_from_db()
    assert (nora.clinic, nora.role) == (world.northside, Role.CLINIC_ADMIN)
    assert_no_one_gained_power(world)


def test_exercise_create_belongs_to_the_posters_clinic(client, world):
    post(client, world.alice, reverse("exercise_create"), exercise_data(world), world)
    exercise = Exercise.objects.get(name="Seated towel pull")
    assert (exercise.clinic, exercise.created_by) == (world.northside, world.alice)


def test_exercise_edit_keeps_the_clinic(client, world):
    url = reverse("exercise_edit", args=[world.own_exercise.slug])
    post(client, world.alice, url, exercise_data(world, name="Towel curl, seated"), world)
    exercise = Exercise.objects.get(pk=world.own_exercise.pk)
    assert exercise.name == "Towel curl, seated"
    assert exercise.clinic == world.northside


def test_program_new_is_for_the_patient_in_the_url_by_the_poster(client, world):
    url = reverse("program_new", args=[world.bob.pk])
    post(client, world.alice, url, new_program_data(world), world)
    program = Program.objects.get(title="New heel program")
    assert (program.patient, program.prescriber) == (world.bob, world.alice)
    assert not Program.objects.filter(patient=world.otto).exists()


def test_program_edit_keeps_the_patient_and_prescriber(client, world):
    carlos = world.carlos
    world.bob.patient_profile.care_team.add(carlos)
    url = reverse("program_edit", args=[world.program.pk])
    post(client, carlos, url, edit_data(world.program, title="Changed"), world)
    program = Program.objects.get(pk=world.program.pk)
    assert program.title == "Changed"
    assert (program.patient, program.prescriber) == (world.bob, world.alice)


def test_template_edit_keeps_the_clinic(client, world):
    url = reverse("template_edit", args=[world.own_template.pk])
    post(client, world.alice, url, template_data(world, name="Renamed plan"), world)
    template = ProgramTemplate.objects.get(pk=world.own_template.pk)
    assert template.name == "Renamed plan"
    assert template.clinic == world.northside
    assert template.created_by is None


def test_log_save_is_the_posters_own(client, world):
    url = reverse("save_log", args=[world.program.pk, world.today.isoformat()])
    post(client, world.bob, url, log_data(world, morning_pain=6), world)
    log = SessionLog.objects.get(program=world.program, date=world.today)
    assert (log.patient, log.morning_pain) == (world.bob, 6)
    assert SessionLog.objects.count() == 1


def test_flag_acknowledge_is_by_the_poster(client, world):
    url = reverse("acknowledge_flag", args=[world.flag.pk])
    post(client, world.alice, url, {"note": "Called Bob."}, world)
    flag = Flag.objects.get(pk=world.flag.pk)
    assert (flag.patient, flag.acknowledged_by) == (world.bob, world.alice)
