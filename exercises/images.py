"""Checking and re-encoding uploaded exercise pictures.

The type is read from the file's content, never from its name or the browser's claim, and
the picture is decoded and saved again: that drops anything hidden in the file (EXIF
location, trailing data) and keeps stored pictures a sensible size.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a small file can still decode to a huge picture
MAX_SIDE = 1600
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

NOT_A_PICTURE = "Please choose a JPEG, PNG or WebP picture. This file is not one of those."


def reencoded_image(upload) -> ContentFile:
    """A clean copy of `upload`, or ValidationError with a message for the person."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This picture is larger than 2 MB. Please choose a smaller one.", code="too_large"
        )
    try:
        with Image.open(upload, formats=list(EXTENSIONS)) as picture:
            image_format = picture.format
            if picture.width * picture.height > MAX_PIXELS:
                raise ValidationError(
                    "This picture has too many pixels. Please choose a smaller one.",
                    code="too_many_pixels",
                )
            picture.load()
            cleaned = ImageOps.exif_transpose(picture)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(NOT_A_PICTURE, code="not_a_picture") from error
    cleaned.thumbnail((MAX_SIDE, MAX_SIDE))
    if image_format == "JPEG" and cleaned.mode not in ("RGB", "L"):
        cleaned = cleaned.convert("RGB")
    output = io.BytesIO()
    cleaned.save(output, format=image_format, quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{EXTENSIONS[image_format]}")
