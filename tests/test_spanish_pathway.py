"""The demo pathway and its teach-back questions in Spanish, for a Spanish-speaking patient."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from care.models import PatientStep
from portal.accounts.models import User


@pytest.fixture
def spanish_demo_patient(settings, db):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    patient = User.objects.get(email="patient@example.com")
    patient.preferred_language = "es"
    patient.save()
    client = Client()
    client.force_login(patient)
    return client


def test_the_demo_timeline_is_in_spanish(spanish_demo_patient):
    html = spanish_demo_patient.get(reverse("care:my_page")).text
    for text in (
        "Sus próximos pasos",
        "Lea sobre su cirugía",
        "Responda unas preguntas sobre su cirugía",
        "Revise las fechas para dejar sus medicinas",
        "Próximamente",
        "Agregue estos pasos a su calendario",
    ):
        assert text in html
    assert 'href="/articles/cirugia-de-columna-minimamente-invasiva/"' in html


def test_the_demo_questions_are_asked_in_spanish(spanish_demo_patient):
    check = PatientStep.objects.get(step__kind="check")
    html = spanish_demo_patient.get(reverse("care:teach_back", args=[check.assignment_id])).text
    assert "Revisar lo que entendió" in html
    assert "siente adormecida la zona entre las piernas y no puede orinar. ¿Qué hace?" in html
    assert "Esto no es un examen." in html


def test_the_calendar_file_is_in_spanish(spanish_demo_patient):
    content = spanish_demo_patient.get(reverse("care:steps_calendar")).content.decode()
    assert "Pida a alguien que lo/la lleve a casa" in content
