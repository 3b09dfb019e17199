"""The `exercise_picture` tag: which picture, which side, which frames, what alt text."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from exercises.illustrations import exercise_svgs

DRAWN = "towel-calf-stretch"


def exercise(slug=DRAWN, *, image="", steps=("Sit with your legs out.",), summary="A stretch."):
    return SimpleNamespace(
        slug=slug, image=image, steps=list(steps), summary=summary, placeholder_image="img/x.svg"
    )


def prescription(*, side="", steps=(), exercise_=None):
    return SimpleNamespace(exercise=exercise_, side=side, steps=list(steps), summary="")


def render(item, args="", **context):
    template = Template("{% load illustrations %}{% exercise_picture item " + args + " %}")
    return template.render(Context({"item": item, **context}))


def test_a_thumbnail_is_the_first_frame_titled_with_the_first_step():
    html = render(exercise())
    assert exercise_svgs(DRAWN, title="Sit with your legs out.")[0] in html
    assert exercise_svgs(DRAWN, title="Sit with your legs out.")[1] not in html
    assert "Drawing:" not in html  # no licence line beside a thumbnail


def test_large_shows_start_and_end_with_the_licence():
    html = render(exercise(), 'size="large"')
    for svg in exercise_svgs(DRAWN, title="Sit with your legs out.")[:2]:
        assert svg in html
    assert "exercise-picture--large" in html
    assert "CC BY 4.0" in html


def test_a_right_side_prescription_shows_the_mirrored_drawing():
    rx = prescription(side="right", steps=["Loop the towel."], exercise_=exercise())
    html = render(rx)
    assert exercise_svgs(DRAWN, side="right", title="Loop the towel.")[0] in html
    assert exercise_svgs(DRAWN, title="Loop the towel.")[0] not in html


def test_alt_text_falls_back_to_the_summary():
    html = render(exercise(steps=()))
    assert exercise_svgs(DRAWN, title="A stretch.")[0] in html


def test_a_deleted_exercise_shows_nothing():
    assert render(prescription(exercise_=None)).strip() == ""


def test_without_a_drawing_only_the_catalogue_falls_back_to_the_type_icon():
    undrawn = exercise("not-drawn-yet")
    assert render(undrawn).strip() == ""
    assert 'src="/static/img/x.svg"' in render(undrawn, "icon=True")


def test_an_upload_comes_first_except_in_the_pdf():
    uploaded = exercise(image="exercises/abc.png")
    url = reverse("exercise_image", args=[DRAWN])
    assert f'src="{url}"' in render(uploaded)
    assert url not in render(uploaded, for_pdf=True)
    assert "<svg" in render(uploaded, for_pdf=True)


def test_an_unknown_size_is_an_error():
    with pytest.raises(TemplateSyntaxError):
        render(exercise(), 'size="huge"')
