import pytest
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories


@pytest.fixture
def own_exercise(northside):
    return factories.ExerciseFactory(
        name="Northside arch lift", slug="northside-arch-lift", clinic=northside
    )


def url(exercise):
    return reverse("exercise_edit", args=[exercise.slug])


def form_data(exercise, **changes):
    return {
        "name": exercise.name,
        "summary": exercise.summary,
        "steps": "\n".join(exercise.steps),
        "cues": "\n".join(exercise.cues),
        "body_region": exercise.body_region,
        "exercise_type": exercise.exercise_type,
        "difficulty": exercise.difficulty,
        "default_sets": exercise.default_sets,
        "default_hold_seconds": exercise.default_hold_seconds,
        "default_times_per_day": exercise.default_times_per_day,
        "default_days_per_week": exercise.default_days_per_week,
        **changes,
    }


def test_it_shows_the_steps_one_per_line(client, alice, own_exercise):
    client.force_login(alice)
    content = client.get(url(own_exercise)).content.decode()
    assert "Stand tall.\nStep back.\nHold." in content


def test_it_saves_changes_and_keeps_the_slug(client, carlos, own_exercise):
    client.force_login(carlos)  # any clinician of the clinic may edit its exercises

    response = client.post(url(own_exercise), form_data(own_exercise, name="Arch lift, seated"))

    own_exercise.refresh_from_db()
    assert response.url == reverse("exercise_detail", args=["northside-arch-lift"])
    assert own_exercise.name == "Arch lift, seated"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXERCISE_EDITED, category="catalogue", object_id=str(own_exercise.pk)
    ).exists()


def test_it_rejects_missing_steps(client, alice, own_exercise):
    client.force_login(alice)
    response = client.post(url(own_exercise), form_data(own_exercise, steps=""))
    assert "Please write at least one step." in response.content.decode()
    own_exercise.refresh_from_db()
    assert own_exercise.steps == ["Stand tall.", "Step back.", "Hold."]


def test_it_cannot_link_an_exercise_to_itself(client, alice, own_exercise):
    client.force_login(alice)
    response = client.post(url(own_exercise), form_data(own_exercise, progression=own_exercise.pk))
    assert "Select a valid choice." in response.content.decode()


def test_it_rejects_delete(client, alice, own_exercise):
    client.force_login(alice)
    assert client.delete(url(own_exercise)).status_code == 405


def test_its_contraindication_tags_are_ticked_and_shown(client, alice, own_exercise):
    client.force_login(alice)
    page = client.get(url(own_exercise)).content.decode()
    assert page.count('name="contraindication_tags"') == 8 and 'value="pregnancy"' in page

    tags = ["unsteady_balance", "reduced_foot_sensation"]
    client.post(url(own_exercise), form_data(own_exercise, contraindication_tags=tags))
    own_exercise.refresh_from_db()
    assert sorted(own_exercise.contraindication_tags) == sorted(tags)
    detail = client.get(own_exercise.get_absolute_url()).content.decode()
    assert "<li>Unsteady balance or a fall in the last year</li>" in detail


def test_an_unknown_contraindication_tag_is_refused(client, alice, own_exercise):
    client.force_login(alice)
    response = client.post(url(own_exercise), form_data(own_exercise, contraindication_tags="x"))
    assert "Select a valid choice" in response.content.decode()
    own_exercise.refresh_from_db()
    assert own_exercise.contraindication_tags == []
