"""Uploaded images: checked by Pillow, limited in size, re-encoded, stored under random names.

Every accepted picture is decoded and saved again by Pillow
(`image_reencode`): only the pixels survive. Anything appended after the
image data (HTML after a GIF, a ZIP after a PNG) and all metadata (EXIF with
GPS positions, comments, colour profiles, text chunks) are dropped. Admin
forms use `ReencodedImageField` for every image (see `IMAGE_FORMFIELD_OVERRIDES`).
"""

import io
import uuid
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 12_000_000  # 4,000 × 3,000: more than any figure or photo on a page needs
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


CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def image_reencode(upload):
    """The picture decoded and saved again in its own format: pixels only, no metadata, nothing appended.

    Call after `validate_image`. A JPEG is first turned upright by its EXIF
    orientation (which is then dropped); an animated GIF keeps its first frame.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        image.seek(0)
        image.load()
        if image_format == "JPEG":
            image = ImageOps.exif_transpose(image)
        clean = image.copy()
    transparency = clean.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    output = io.BytesIO()
    options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
    if image_format == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    clean.save(output, image_format, **options)
    return SimpleUploadedFile(getattr(upload, "name", "") or "image", output.getvalue(), CONTENT_TYPES[image_format])


class ReencodedImageField(forms.ImageField):
    """An image form field that checks the upload (validate_image) and keeps only its re-encoded pixels."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        validate_image(upload)
        clean = image_reencode(upload)
        clean.image = getattr(upload, "image", None)
        return clean


# For ModelAdmin.formfield_overrides and inlines: every image upload is re-encoded.
IMAGE_FORMFIELD_OVERRIDES = {models.ImageField: {"form_class": ReencodedImageField}}


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
