"""A clinic's uploaded picture reaches its patient through their own prescription."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from programs.models import ProgramStatus
from tests import factories
from tests.exercises.conftest import picture_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(northside, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exercise = factories.ExerciseFactory(clinic=northside, slug="heel-drop-northside")
    exercise.image.save("1f2e.png", ContentFile(picture_bytes()))
    exercise.image_author, exercise.image_licence = "© Northside Clinic", "CC BY 4.0"
    exercise.save()
    return exercise


@pytest.fixture
def bobs_rx(bob, alice, pictured):
    program = factories.ProgramFactory(patient=bob, prescriber=alice, title="Bob's heel plan")
    return factories.PrescriptionFactory(program=program, exercise=pictured)


def picture_url(rx):
    return reverse("patient_exercise_picture", args=[rx.pk])


def test_bob_gets_the_picture_of_an_exercise_in_his_program(client, bob, bobs_rx):
    client.force_login(bob)
    response = client.get(picture_url(bobs_rx))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == picture_bytes()
    assert "no-store" in response["Cache-Control"]  # the middleware's, as on every page


def test_not_another_patients_prescription_nor_a_draft(client, bob, dana, carlos, pictured):
    danas = factories.PrescriptionFactory(
        program=factories.ProgramFactory(patient=dana, prescriber=carlos), exercise=pictured
    )
    draft = factories.PrescriptionFactory(
        program=factories.ProgramFactory(
            patient=bob, prescriber=danas.program.prescriber, status=ProgramStatus.DRAFT
        ),
        exercise=pictured,
    )
    client.force_login(bob)
    assert client.get(picture_url(danas)).status_code == 404
    assert client.get(picture_url(draft)).status_code == 404


def test_not_an_exercise_outside_his_programs(client, bob, alice, pictured, bobs_rx):
    other = factories.ExerciseFactory(clinic=pictured.clinic, slug="other-northside")
    other.image.save("ab12.png", ContentFile(picture_bytes()))
    client.force_login(bob)
    # The catalogue's own view is staff only, and his prescription's exercise has no picture.
    assert client.get(reverse("exercise_image", args=[other.slug])).status_code == 403
    plain = factories.PrescriptionFactory(program=bobs_rx.program)
    assert client.get(picture_url(plain)).status_code == 404
    unknown = reverse("patient_exercise_picture", args=[uuid.uuid4()])
    assert client.get(unknown).status_code == 404


def test_the_today_page_shows_bob_his_url_with_the_licence(client, bob, bobs_rx, pictured):
    client.force_login(bob)
    page = client.get("/today/").content.decode()
    assert f'src="{picture_url(bobs_rx)}"' in page
    assert reverse("exercise_image", args=[pictured.slug]) not in page
    assert "Picture: © Northside Clinic, CC BY 4.0" in page  # under "How to do it"


def test_staff_still_get_the_catalogue_url(client, alice, bobs_rx, pictured):
    client.force_login(alice)
    page = client.get(reverse("program_detail", args=[bobs_rx.program.pk])).content.decode()
    assert picture_url(bobs_rx) not in page
