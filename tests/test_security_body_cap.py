"""Request bodies are capped in the application, counted as they are read (issue 28)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from estimates.models import FeeSchedule
from tests.factories import PASSWORD

MB = 1024 * 1024


class EndlessBody(io.RawIOBase):
    """A chunked body that never ends; counts what was read from it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return b"a" * size


@pytest.mark.django_db
def test_a_40_mb_multipart_body_to_the_login_page_is_refused_with_413(client, patient):
    response = client.post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD, "file": SimpleUploadedFile("big.bin", b"x" * (40 * MB))},
    )
    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_chunked_body_without_a_length_is_capped_while_it_is_read(client):
    body = EndlessBody()
    response = client.post(
        reverse("login"),
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()
    assert body.read_bytes <= 1 * MB + 64 * 1024  # stopped at the cap, not at the end of the stream


@pytest.mark.django_db
def test_a_small_chunked_body_is_read_and_parsed_as_usual(patient):
    client = Client()
    form = f"username={patient.email}&password={PASSWORD}".encode()
    response = client.post(
        reverse("login"),
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
        **{"wsgi.input": io.BytesIO(form)},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(patient.pk)


@pytest.mark.django_db
def test_a_declared_length_over_the_cap_is_refused_without_reading(client):
    body = EndlessBody()
    response = client.post(
        reverse("password_reset"),
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(2 * MB),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.read_bytes == 0


@pytest.mark.django_db
def test_admin_uploads_keep_their_own_caps(client, billing, verified_login, schedule):
    """A 1.5 MB fee file passes the site cap (the admin allows 6 MB) and meets the import's own 1 MB cap."""
    verified_login(client, billing)
    new = FeeSchedule.objects.create(
        name="Medicare 2027", year=2027, effective_date="2027-01-01", part_b_deductible=Decimal("300.00")
    )
    big = b"cpt_code,medicare_approved\n" + b"63030,1200.00\n" * (110 * 1024)
    response = client.post(
        reverse("admin:estimates_feeschedule_import", args=[new.pk]),
        {"file": SimpleUploadedFile("fees.csv", big, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "at most 1 MB" in response.text
