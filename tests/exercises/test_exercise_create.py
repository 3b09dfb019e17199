import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from exercises.models import Exercise
from tests import factories
from tests.exercises.conftest import picture_bytes

URL = reverse("exercise_create")


PICTURE_LICENCE = {"image_author": "© Northside Clinic", "image_licence": "CC BY 4.0"}


@pytest.fixture
def form_data(towel, plantar_fasciitis, calf_stretch):
    return {
        "name": "Heel drop off a step",
        "summary": "Loads the calf slowly, lowering the heel below the step.",
        "steps": "Stand on a step.\n\n  Rise on both feet.  \nLower on one foot.\n",
        "cues": "Go slowly on the way down",
        "body_region": "foot_ankle",
        "exercise_type": "strength",
        "equipment": [towel.pk],
        "conditions": [plantar_fasciitis.pk],
        "difficulty": "2",
        "default_sets": "3",
        "default_reps": "15",
        "default_hold_seconds": "",
        "default_times_per_day": "2",
        "default_days_per_week": "5",
        "precautions": "Hold a rail.",
        "contraindications": "",
        "regression": calf_stretch.pk,
        "progression": "",
        "video_url": "https://video.example/heel-drop",
    }


def test_it_shows_the_form(client, alice):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert "Add an exercise for your clinic" in content
    assert 'enctype="multipart/form-data"' in content


def test_it_creates_a_clinic_exercise(client, alice, northside, form_data, calf_stretch):
    client.force_login(alice)

    response = client.post(URL, form_data)

    exercise = Exercise.objects.get(name="Heel drop off a step")
    assert response.status_code == 302
    assert response.url == exercise.get_absolute_url()
    assert exercise.clinic == northside
    assert exercise.created_by == alice
    assert exercise.slug == "heel-drop-off-a-step-northside"
    assert exercise.steps == ["Stand on a step.", "Rise on both feet.", "Lower on one foot."]
    assert exercise.cues == ["Go slowly on the way down"]
    assert exercise.regression == calf_stretch
    assert list(exercise.conditions.values_list("slug", flat=True)) == ["plantar-fasciitis"]
    assert exercise.default_dose_text == "3 sets of 15, twice a day, on Mon, Tue, Wed, Thu, Fri"
    event = AuditEvent.objects.get(action=AuditAction.EXERCISE_CREATED)
    assert (event.category, event.object_id, event.user) == ("catalogue", str(exercise.pk), alice)
    followed = client.get(response.url).content.decode()
    assert "is saved in your clinic" in followed


def test_it_makes_slugs_unique(client, alice, form_data):
    client.force_login(alice)
    client.post(URL, form_data)
    client.post(URL, form_data)
    assert sorted(Exercise.objects.filter(clinic__isnull=False).values_list("slug", flat=True)) == [
        "heel-drop-off-a-step-northside",
        "heel-drop-off-a-step-northside-2",
    ]


def test_it_stores_a_reencoded_picture(client, alice, form_data, png_upload, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)

    client.post(URL, {**form_data, "image": png_upload} | PICTURE_LICENCE)

    exercise = Exercise.objects.get(name="Heel drop off a step")
    assert exercise.image.name.startswith("exercises/")
    assert exercise.image.name.endswith(".png")
    assert "heel" not in exercise.image.name  # the uploaded file name is not trusted
    assert (exercise.image_author, exercise.image_licence) == tuple(PICTURE_LICENCE.values())


def test_a_picture_without_its_author_and_licence_is_refused(
    client, alice, form_data, png_upload, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)

    response = client.post(URL, {**form_data, "image": png_upload})

    assert response.status_code == 200
    assert not Exercise.objects.filter(name="Heel drop off a step").exists()
    assert not any(tmp_path.rglob("*.png"))  # nothing saved, the file neither
    page = response.content.decode()
    assert "Please say who made the picture" in page
    assert "Please say the licence of the picture" in page


def test_without_a_picture_no_licence_is_asked(client, alice, form_data):
    client.force_login(alice)
    client.post(URL, form_data)
    assert Exercise.objects.filter(name="Heel drop off a step", image_licence="").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.png", b"just some text, not a picture", "image/png"),
            "Please choose a JPEG, PNG or WebP picture.",
        ),
        (
            SimpleUploadedFile("anim.png", picture_bytes("GIF"), "image/png"),
            "Please choose a JPEG, PNG or WebP picture.",
        ),
        (
            SimpleUploadedFile("huge.png", b"\0" * (2 * 1024 * 1024 + 1), "image/png"),
            "This picture is larger than 2 MB.",
        ),
    ],
)
def test_it_rejects_bad_pictures(client, alice, form_data, upload, message):
    client.force_login(alice)
    response = client.post(URL, {**form_data, "image": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exercise.objects.filter(name="Heel drop off a step").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"steps": "  \n \n"}, "Please write at least one step."),
        ({"steps": "\n".join(f"Step {n}" for n in range(9))}, "Please keep this to 8 lines"),
        ({"default_reps": ""}, "Please give a number of repetitions, a hold time, or both."),
        ({"video_url": "http://video.example/x"}, "Please use a secure link"),
        ({"difficulty": "4"}, "Select a valid choice."),
        ({"default_sets": "0"}, "greater than or equal to 1"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_it_rejects_bad_input_keeping_what_was_typed(client, alice, form_data, changes, message):
    client.force_login(alice)
    response = client.post(URL, {**form_data, **changes})
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "Loads the calf slowly, lowering the heel below the step." in content
    assert not Exercise.objects.filter(clinic__isnull=False).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXERCISE_CREATED).exists()


def test_it_offers_no_links_to_another_clinics_exercises(client, alice, form_data, olga):
    foreign = factories.ExerciseFactory(clinic=olga.clinic)
    client.force_login(alice)
    response = client.post(URL, {**form_data, "progression": foreign.pk})
    assert "Select a valid choice." in response.content.decode()


def test_it_rejects_put(client, alice):
    client.force_login(alice)
    assert client.put(URL).status_code == 405
