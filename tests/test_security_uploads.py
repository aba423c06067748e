"""Uploaded images are checked by Pillow (type and size) and stored under random names."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from education.models import Figure, Surgeon
from portal.uploads import MAX_IMAGE_BYTES, RandomName, validate_image
from tests.factories import ArticleFactory, SurgeonFactory


def picture(image_format="PNG", size=(20, 10), name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("image_format", "name"), [("PNG", "a.png"), ("JPEG", "a.jpg"), ("GIF", "a.gif"), ("WEBP", "a.webp")]
)
def test_pictures_are_accepted(image_format, name):
    validate_image(picture(image_format, name=name))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.png", b"just some text, not a picture"), "not a picture we can use"),
        (
            SimpleUploadedFile("page.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
            "not a picture",
        ),
        (SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "not a picture"),
        (picture("BMP", name="old.bmp"), "Pictures must be PNG, JPEG, GIF or WebP"),
        (picture("TIFF", name="scan.tiff"), "Pictures must be PNG, JPEG, GIF or WebP"),
    ],
)
def test_anything_else_is_refused_with_what_to_do(upload, message):
    with pytest.raises(ValidationError, match=message):
        validate_image(upload)


def test_more_than_5_mb_is_refused():
    upload = SimpleUploadedFile("big.png", b"\x00" * (MAX_IMAGE_BYTES + 1))
    with pytest.raises(ValidationError, match="the limit is 5 MB"):
        validate_image(upload)


def test_a_decompression_bomb_is_refused(monkeypatch):
    """A small file that unpacks to a huge picture (here: more pixels than a lowered limit)."""
    monkeypatch.setattr("portal.uploads.MAX_IMAGE_PIXELS", 100 * 100)
    with pytest.raises(ValidationError, match="too large to show"):
        validate_image(picture("PNG", size=(101, 100), name="huge.png"))
    validate_image(picture("PNG", size=(100, 100), name="fine.png"))


def test_names_are_random_and_keep_only_a_known_extension():
    upload_to = RandomName("figures")
    first, second = upload_to(None, "Mrs Smith MRI.JPEG"), upload_to(None, "Mrs Smith MRI.JPEG")
    assert re.fullmatch(r"figures/[0-9a-f]{32}\.jpg", first)
    assert first != second
    assert re.fullmatch(r"figures/[0-9a-f]{32}", upload_to(None, "evil.php"))


@pytest.mark.django_db
def test_a_figure_image_is_stored_under_a_random_name():
    figure = Figure(article=ArticleFactory(), caption="Tubes", alt_text="Metal tubes", image=picture(name="x-ray.png"))
    figure.full_clean()
    figure.save()
    assert re.fullmatch(r"figures/[0-9a-f]{32}\.png", figure.image.name)
    assert "x-ray" not in figure.image.name


def test_the_admin_refuses_a_fake_surgeon_photo_and_says_why(client, reviewer, verified_login):
    surgeon = SurgeonFactory(name="Dr. Ada", slug="ada")
    verified_login(client, reviewer)
    url = reverse("admin:education_surgeon_change", args=[surgeon.pk])
    data = {"name": "Dr. Ada", "slug": "ada", "title": "", "specialties": "", "bio": "", "locations": ""}
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is an executable, not a photo")
    response = client.post(url, {**data, "photo": fake})
    assert response.status_code == 200
    assert "Upload a valid image" in response.text or "not a picture we can use" in response.text
    assert not Surgeon.objects.get(pk=surgeon.pk).photo
    response = client.post(url, {**data, "photo": picture(name="portrait.png")})
    assert response.status_code == 302
    assert re.fullmatch(r"surgeons/[0-9a-f]{32}\.png", Surgeon.objects.get(pk=surgeon.pk).photo.name)


# Re-encoding: only the pixels are kept -------------------------------------------------


def surgeon_form(client, reviewer, verified_login):
    surgeon = SurgeonFactory(name="Dr. Ada", slug="ada")
    verified_login(client, reviewer)
    url = reverse("admin:education_surgeon_change", args=[surgeon.pk])
    data = {"name": "Dr. Ada", "slug": "ada", "title": "", "specialties": "", "bio": "", "locations": ""}
    return surgeon, url, data


def test_a_gif_with_html_appended_is_stored_without_it(client, reviewer, verified_login):
    surgeon, url, data = surgeon_form(client, reviewer, verified_login)
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF")
    polyglot = buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>"
    response = client.post(url, {**data, "photo": SimpleUploadedFile("p.gif", polyglot)})
    assert response.status_code == 302
    stored = Surgeon.objects.get(pk=surgeon.pk).photo.read()
    assert b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).format == "GIF"


def test_metadata_is_dropped_from_photos(client, reviewer, verified_login):
    surgeon, url, data = surgeon_form(client, reviewer, verified_login)
    exif = Image.Exif()
    exif[0x010E] = "Home of Mrs Smith, 12 Elm Street"  # ImageDescription
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "JPEG", exif=exif, comment=b"secret comment")
    response = client.post(url, {**data, "photo": SimpleUploadedFile("me.jpg", buffer.getvalue())})
    assert response.status_code == 302
    stored = Surgeon.objects.get(pk=surgeon.pk).photo.read()
    assert b"Elm Street" not in stored
    assert b"secret comment" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    from portal.uploads import image_reencode

    info = PngInfo()
    info.add_text("Comment", "patient: Jane Doe")
    buffer = io.BytesIO()
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info)
    clean = image_reencode(SimpleUploadedFile("a.png", buffer.getvalue()))
    assert b"Jane Doe" not in clean.read()


def test_a_small_file_of_36_megapixels_is_refused(client, reviewer, verified_login):
    surgeon, url, data = surgeon_form(client, reviewer, verified_login)
    buffer = io.BytesIO()
    Image.new("1", (6000, 6000)).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000
    response = client.post(url, {**data, "photo": SimpleUploadedFile("huge.png", buffer.getvalue())})
    assert response.status_code == 200
    assert "too large to show" in response.text
    assert not Surgeon.objects.get(pk=surgeon.pk).photo
