import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exercises.images import reencoded_image
from tests.exercises.conftest import picture_bytes


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", "jpg"), ("WEBP", "webp")])
def test_it_keeps_the_real_format_whatever_the_name(image_format, extension):
    upload = SimpleUploadedFile("photo.png", picture_bytes(image_format), "image/png")
    cleaned = reencoded_image(upload)
    assert cleaned.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(cleaned.read())).format == image_format


def test_it_shrinks_large_pictures():
    upload = SimpleUploadedFile("big.png", picture_bytes("PNG", size=(3200, 1000)), "image/png")
    assert Image.open(reencoded_image(upload)).size == (1600, 500)


def test_it_refuses_pictures_with_too_many_pixels():
    upload = SimpleUploadedFile("wide.png", picture_bytes("PNG", size=(6000, 5000)), "image/png")
    with pytest.raises(ValidationError, match="too many pixels"):
        reencoded_image(upload)
