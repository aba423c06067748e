"""Clinic numbers are links a phone can dial: valid tel: URIs, never split across lines."""

import pytest
from django.urls import reverse

from portal.phone import phone_link, tel_uri
from tests.factories import WarningSignFactory

CLINIC_LINK = '<a class="phone" href="tel:+16315550100">(631) 555-0100</a>'
AFTER_HOURS_LINK = '<a class="phone" href="tel:+16315550199">(631) 555-0199</a>'


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("(631) 555-0100", "tel:+16315550100"),
        ("631.555.0100", "tel:+16315550100"),
        ("1-631-555-0100", "tel:+16315550100"),
        ("+44 20 7946 0000", "tel:+442079460000"),
        ("911", "tel:911"),
    ],
)
def test_a_written_number_becomes_a_tel_uri_without_spaces(written, uri):
    assert tel_uri(written) == uri


def test_the_link_shows_the_number_as_written_and_escapes_it():
    assert phone_link("(631) 555-0100") == CLINIC_LINK
    assert "<b>" not in phone_link("<b>1</b>")


def test_my_page_dials_the_clinic_and_the_after_hours_line(patient_client):
    html = patient_client.get(reverse("care:my_page")).text
    assert f"Clinic: {CLINIC_LINK}. After hours: {AFTER_HOURS_LINK}." in html
    assert 'href="tel:(' not in html


def test_the_footer_number_is_a_link_that_does_not_wrap(patient_client):
    html = patient_client.get(reverse("home")).text
    assert f"Questions? Call the clinic at {CLINIC_LINK}." in html


def test_the_warning_sign_result_dials_the_clinic(patient_client):
    sign = WarningSignFactory(article=None, urgency="clinic", text="A fever over 101 degrees")
    html = patient_client.post(reverse("education:warning_sign_guide"), {"signs": [sign.pk]}).text
    assert f"Call the clinic today at {CLINIC_LINK}." in html


def test_error_pages_dial_the_clinic_too(patient_client):
    html = patient_client.get("/no-such-page/").text
    assert CLINIC_LINK in html
