"""The illustration gallery: drawn exercises' frames, a marker for the rest, staff only."""

import pytest
from django.urls import reverse

from exercises.illustrations import exercise_svgs
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("illustration_gallery")


def test_it_shows_every_frame_and_marks_the_missing(client):
    drawn = factories.ExerciseFactory(slug="towel-calf-stretch", name="Towel calf stretch")
    factories.ExerciseFactory(slug="not-drawn-yet", name="Not drawn yet")
    client.force_login(factories.ClinicianFactory())
    html = client.get(URL).content.decode()
    for svg in exercise_svgs(drawn.slug, title=drawn.name):
        assert svg in html
    assert "Missing: not drawn yet" in html
    assert "CC BY 4.0" in html


def test_patients_are_refused(client):
    client.force_login(factories.PatientFactory())
    assert client.get(URL).status_code == 403


def test_it_leaves_out_tasks_and_read_this_cards(client):
    factories.ExerciseFactory(
        slug="night-splint", name="Night splint", exercise_type="task", default_hold_seconds=None
    )
    client.force_login(factories.ClinicianFactory())

    assert "Night splint" not in client.get(URL).content.decode()
