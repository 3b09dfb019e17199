from django.urls import reverse

from tests import factories


def url(exercise):
    return reverse("exercise_detail", args=[exercise.slug])


def test_it_shows_the_whole_exercise(client, alice, heel_raise, calf_stretch):
    heel_raise.cues = ["Keep your knees straight"]
    heel_raise.precautions = "Hold a wall for balance."
    heel_raise.contraindications = "A recent Achilles tendon rupture."
    heel_raise.regression = calf_stretch
    heel_raise.video_url = "https://video.example/heel-raise"
    heel_raise.save()
    client.force_login(alice)

    response = client.get(url(heel_raise))

    content = response.content.decode()
    assert "<li>Stand on a step.</li><li>Rise onto your toes.</li>" in content
    assert "Keep your knees straight" in content
    assert "3 sets of 12, once a day, every day" in content
    assert "Hold a wall for balance." in content
    assert "A recent Achilles tendon rupture." in content
    assert f'Easier: <a href="{url(calf_stretch)}">Standing calf stretch</a>' in content
    assert 'href="https://video.example/heel-raise"' in content
    assert "/static/img/exercise-types/strength.svg" in content
    assert "Plantar fasciitis" in content
    assert "Step" in content
    assert "Edit" not in content  # the shared library is edited in the admin


def test_it_describes_a_hold(client, alice, calf_stretch):
    client.force_login(alice)
    page = client.get(url(calf_stretch)).content.decode()
    assert "3 sets, hold 30 seconds, once a day, every day" in page


def test_it_offers_editing_of_the_clinics_own_exercise(client, alice, northside):
    exercise = factories.ExerciseFactory(clinic=northside)
    client.force_login(alice)
    content = client.get(url(exercise)).content.decode()
    assert reverse("exercise_edit", args=[exercise.slug]) in content
    assert reverse("exercise_archive", args=[exercise.slug]) in content


def test_it_still_opens_an_archived_exercise_for_its_clinic(client, alice, northside):
    exercise = factories.ExerciseFactory(clinic=northside, is_archived=True)
    client.force_login(alice)
    content = client.get(url(exercise)).content.decode()
    assert "This exercise is archived" in content
    assert reverse("exercise_restore", args=[exercise.slug]) in content
