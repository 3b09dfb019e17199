import pytest
from django.core.files.base import ContentFile

from tests import factories
from tests.exercises.conftest import picture_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(northside, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exercise = factories.ExerciseFactory(clinic=northside, slug="heel-drop-northside")
    exercise.image.save("1f2e.webp", ContentFile(picture_bytes("WEBP")))
    return exercise


def url(exercise):
    return f"/catalogue/exercises/{exercise.slug}/image/"


def test_it_serves_the_picture_to_the_clinics_staff(client, alice, pictured):
    client.force_login(alice)
    response = client.get(url(pictured))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content) == picture_bytes("WEBP")


def test_the_detail_page_shows_it_from_the_app_not_a_media_folder(client, alice, pictured):
    client.force_login(alice)
    page = client.get(f"/catalogue/exercises/{pictured.slug}/").content.decode()
    assert f'src="{url(pictured)}"' in page and "/media/" not in page


def test_it_is_a_404_without_a_picture_or_when_the_file_is_gone(client, alice, pictured):
    plain = factories.ExerciseFactory(clinic=pictured.clinic)
    pictured.image.storage.delete(pictured.image.name)
    client.force_login(alice)
    assert client.get(url(plain)).status_code == 404
    assert client.get(url(pictured)).status_code == 404
