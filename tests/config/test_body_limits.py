"""Bodies over their page's limit are refused with 413 before any of them is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.body_limits import MAX_BODY_BYTES, PICTURE_BODY_BYTES, PICTURE_PAGES, body_limit
from exercises.images import MAX_UPLOAD_BYTES
from exercises.models import Exercise

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
MULTIPART = "multipart/form-data; boundary=stride-test-boundary"


class UnreadableInput:
    """A wsgi.input that fails the test if more than `allowed` bytes are read from it."""

    def __init__(self, allowed: int = 0):
        self.allowed, self.read_bytes = allowed, 0

    def read(self, size=-1):
        self.read_bytes += size if size and size > 0 else 1
        if self.read_bytes > self.allowed:
            raise AssertionError(f"the body was read ({self.read_bytes} bytes asked for)")
        return b""

    readline = read


def post_declaring(client, url: str, length: int):
    body = UnreadableInput()
    response = client.generic(
        "POST",
        url,
        data=b"-",  # replaced below: only the declared length and the input matter
        content_type=MULTIPART,
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, body


def test_a_50_mb_picture_upload_is_refused_unread(client, alice):
    client.force_login(alice)
    response, body = post_declaring(client, reverse("exercise_create"), 50 * MB)
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.content.decode()
    assert "Too large to send" in page
    assert "A picture can be up to 2 MB" in page


@pytest.mark.parametrize("url", ["/login/", "/today/", "/no-such-page/", "/admin/login/"])
def test_other_pages_refuse_more_than_512_kb_unread(client, url):
    response, body = post_declaring(client, url, MAX_BODY_BYTES + 1)
    assert response.status_code == 413
    assert body.read_bytes == 0


def test_a_body_within_the_limit_reaches_the_page(client):
    response = client.post(
        "/login/", {"username": "x@example.org", "password": "y", "note": "z" * 400_000}
    )
    assert response.status_code == 200
    assert "Too large to send" not in response.content.decode()


def test_the_picture_pages_take_a_2_mb_picture_with_its_form(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("exercise_create"),
        {
            "name": "Heel drop",
            "image": SimpleUploadedFile("big.png", b"\0" * (MAX_UPLOAD_BYTES + 1), "image/png"),
        },
    )
    # Past the middleware's 512 KB: the form's own, kinder check answers.
    assert response.status_code == 200
    assert "This picture is larger than 2 MB." in response.content.decode()
    assert not Exercise.objects.filter(name="Heel drop").exists()


def test_a_picture_and_its_form_fit_the_picture_limit():
    assert PICTURE_BODY_BYTES >= MAX_UPLOAD_BYTES + 256 * 1024
    assert MAX_BODY_BYTES < PICTURE_BODY_BYTES


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("exercise_create", []),
        ("exercise_edit", ["calf-stretch"]),
        ("admin:exercises_exercise_add", []),
        ("admin:exercises_exercise_change", [1]),
    ],
)
def test_every_page_that_uploads_a_picture_has_the_picture_limit(name, args):
    assert name in PICTURE_PAGES
    assert body_limit(reverse(name, args=args)) == PICTURE_BODY_BYTES


def test_a_length_that_is_not_a_number_is_an_empty_body(client):
    response = client.generic("POST", "/login/", b"", CONTENT_LENGTH="lots")
    assert response.status_code == 200
