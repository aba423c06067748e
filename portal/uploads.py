"""Uploaded images: checked by Pillow, limited in size, stored under random names."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # about 7,000 × 5,700: far above any photo we show
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def validate_image(upload) -> None:
    """Refuse anything that is not a PNG, JPEG, GIF or WebP picture of at most 5 MB."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _(
                "This picture is %(size).1f MB; the limit is 5 MB. "
                "Save it smaller (for example 2000 pixels wide) and upload it again."
            )
            % {"size": upload.size / 1024 / 1024},
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a picture we can use. Upload a PNG, JPEG, GIF or WebP image."), code="not_an_image"
        ) from None
    finally:
        upload.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _(
                "Pictures must be PNG, JPEG, GIF or WebP; this one is %(format)s. "
                "Save it as PNG or JPEG and upload it again."
            )
            % {"format": image_format},
            code="image_format",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("This picture is %(width)d × %(height)d pixels, too large to show. Make it smaller and upload it again.")
            % {"width": width, "height": height},
            code="image_too_many_pixels",
        )


@deconstructible
class RandomName:
    """upload_to: a random file name in `folder`, so names reveal nothing and cannot collide."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()
        if suffix == ".jpeg":
            suffix = ".jpg"
        if suffix not in IMAGE_FORMATS.values():
            suffix = ""
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder
