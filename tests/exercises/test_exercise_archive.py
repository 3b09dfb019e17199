import pytest
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from exercises.search import search_exercises
from tests import factories


@pytest.fixture
def own_exercise(northside):
    return factories.ExerciseFactory(name="Northside arch lift", clinic=northside)


def archive_url(exercise):
    return reverse("exercise_archive", args=[exercise.slug])


def restore_url(exercise):
    return reverse("exercise_restore", args=[exercise.slug])


def test_it_archives_out_of_search(client, alice, own_exercise):
    client.force_login(alice)

    response = client.post(archive_url(own_exercise), follow=True)

    own_exercise.refresh_from_db()
    assert own_exercise.is_archived
    assert "it no longer appears in search" in response.content.decode()
    assert list(search_exercises(user=alice, text="arch lift")) == []
    assert AuditEvent.objects.filter(
        action=AuditAction.EXERCISE_ARCHIVED, category="catalogue"
    ).exists()


def test_it_restores_into_search(client, nora, own_exercise):
    own_exercise.is_archived = True
    own_exercise.save()
    client.force_login(nora)

    response = client.post(restore_url(own_exercise), follow=True)

    own_exercise.refresh_from_db()
    assert not own_exercise.is_archived
    assert "is back in the catalogue" in response.content.decode()
    assert list(search_exercises(user=nora, text="arch lift")) == [own_exercise]
    assert AuditEvent.objects.filter(
        action=AuditAction.EXERCISE_RESTORED, category="catalogue"
    ).exists()


@pytest.mark.parametrize("make_url", [archive_url, restore_url])
def test_it_is_404_for_the_shared_library(client, alice, calf_stretch, make_url):
    client.force_login(alice)
    assert client.post(make_url(calf_stretch)).status_code == 404
    calf_stretch.refresh_from_db()
    assert not calf_stretch.is_archived
