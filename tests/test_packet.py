"""'Print my packet': the patient's own steps and dates, the warning signs and whom to call, their reading
list and care team, in their language, for paper; another patient's never."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care import services
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    PathwayStepFactory,
    PathwayTemplateFactory,
    SurgeonFactory,
    WarningSignFactory,
    surgeon_cares_for,
)

URL = reverse("care:packet")


@pytest.fixture
def surgery():
    return timezone.localdate() + timedelta(days=21)


def _enrol(patient, surgery, *titles):
    template = PathwayTemplateFactory(name="MISS")
    for days, title in enumerate(titles):
        PathwayStepFactory(template=template, days_from_surgery=-10 + days, title=title, title_es=f"{title} (es)")
    return services.pathway_enrol(patient=patient, template=template, surgery_date=surgery)


@pytest.fixture
def journey(patient, surgery):
    _enrol(patient, surgery, "Book your tests", "Arrange a ride")
    english = ArticleFactory(title="Preparing for spine surgery", slug="preparing")
    ArticleFactory(title="Cómo prepararse", slug="preparandose", language="es", translation_of=english)
    AssignmentFactory(patient=patient, article=english, due_date=surgery - timedelta(days=7))
    WarningSignFactory(article=english, urgency="emergency", text="Chest pain that will not stop")
    WarningSignFactory(article=english, urgency="call_clinic", text="A fever over 101")
    surgeon_cares_for(patient=patient, surgeon=SurgeonFactory(name="Dr. Ada Bone"))


def test_my_page_offers_the_packet(patient_client):
    html = patient_client.get(reverse("care:my_page")).text
    assert f'href="{URL}"' in html
    assert "Print my packet" in html


def test_the_packet_holds_the_steps_signs_numbers_and_reading(patient_client, journey, surgery, settings):
    html = patient_client.get(URL).text
    for text in (
        "Book your tests",
        "Arrange a ride",
        "Chest pain that will not stop",
        "A fever over 101",
        "Preparing for spine surgery",
        "http://testserver/articles/preparing/",
        "Dr. Ada Bone",
        "Call 911 or go to the emergency room now if you have:",
        "Your care team: call the clinic at",
    ):
        assert text in html, text
    assert settings.CLINIC_PHONE in html
    assert settings.CLINIC_AFTER_HOURS_PHONE in html
    assert surgery.strftime("%b. %-d, %Y").replace("May.", "May") in html


def test_the_packet_is_in_the_readers_language(patient_client, patient, journey):
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    html = patient_client.get(URL).text
    assert '<html lang="es"' in html
    assert "Mi paquete" in html
    assert "Book your tests (es)" in html
    assert "Cómo prepararse" in html  # the assigned article in the reader's language
    assert "Llame al 911 o vaya ahora a la sala de emergencias si tiene:" in html


def test_the_packet_shows_only_the_readers_own_steps(patient_client, journey, other_patient, surgery):
    _enrol(other_patient, surgery, "Someone else's step")
    AssignmentFactory(patient=other_patient, article=ArticleFactory(title="Their private reading"))
    html = patient_client.get(URL).text
    assert "Someone else's step" not in html
    assert "Their private reading" not in html


def test_a_patient_with_nothing_planned_still_gets_whom_to_call(patient_client, settings):
    html = patient_client.get(URL).text
    assert "Your care team has not planned any steps for you yet." in html
    assert settings.CLINIC_PHONE in html


def test_the_packet_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_packets_queries_stay_constant_as_the_journey_grows(
    patient_client, patient, journey, surgery, django_assert_num_queries
):
    patient_client.get(URL)
    # session, user, steps, warning signs (is there any in English?, the signs), assignments,
    # care team: six, whatever the number of steps, articles and signs
    with django_assert_num_queries(6) as few:
        patient_client.get(URL)
    _enrol(patient, surgery, *(f"More step {n}" for n in range(10)))
    for n in range(10):
        article = ArticleFactory(title=f"More reading {n}")
        AssignmentFactory(patient=patient, article=article)
        WarningSignFactory(article=article, text=f"More sign {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        html = patient_client.get(URL).text
    assert "More step 9" in html
    assert "More reading 9" in html
