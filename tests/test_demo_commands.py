"""Development helpers: the load-test patients and demo two-step login codes, refused with DEBUG off."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from care.models import Assignment
from education.models import Article
from portal.accounts.models import User
from portal.management.commands.loadtest_setup import PASSWORD, loadtest_email
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_loadtest_setup_makes_distinct_patients_who_can_log_in(settings):
    settings.DEBUG = True
    ArticleFactory()
    call_command("loadtest_setup", "--patients", "3", stdout=StringIO())
    call_command("loadtest_setup", "--patients", "3", stdout=StringIO())  # safe to run again
    patients = User.objects.filter(email__startswith="loadtest-patient-")
    assert patients.count() == 3
    assert all(patient.is_patient for patient in patients)
    assert Assignment.objects.filter(patient__in=patients).count() == 3
    response = Client().post(reverse("login"), {"username": loadtest_email(3), "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_loadtest_setup_brings_content_when_there_is_none(settings):
    settings.DEBUG = True
    call_command("loadtest_setup", "--patients", "1", stdout=StringIO())
    assert Article.objects.published().exists()


@pytest.mark.django_db
@pytest.mark.parametrize("command", [["loadtest_setup"], ["demo_totp", "editor@example.com"]])
def test_development_helpers_refuse_with_debug_off(settings, command):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command(*command, stdout=StringIO())


@pytest.mark.django_db
def test_demo_staff_get_an_app_whose_code_demo_totp_prints(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    device = TOTPDevice.objects.get(user__email="editor@example.com")
    assert device.confirmed
    client.post(reverse("login"), {"username": "editor@example.com", "password": "demo-editor-pass1"})
    out = StringIO()
    call_command("demo_totp", "editor@example.com", stdout=out)
    response = client.post(reverse("two_factor_verify") + "?next=/admin/", {"code": out.getvalue().strip()})
    assert response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_load_demo_puts_the_demo_patient_on_the_published_miss_pathway_with_nothing_overdue(settings):
    from datetime import timedelta

    from django.utils import timezone

    from care.models import PatientPathway

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # safe to run again
    pathway = PatientPathway.objects.select_related("template", "template__reviewed_by").get()
    assert pathway.patient.email == "patient@example.com"
    assert pathway.surgery_date == timezone.localdate() + timedelta(days=28)
    today = timezone.localdate()
    assert "overdue" not in {patient_step.state_on(today) for patient_step in pathway.steps.all()}
    assert pathway.template.status == "published"
    assert pathway.template.reviewed_by.email == "reviewer@example.com"
    steps = list(pathway.template.steps.all())
    assert len(steps) == pathway.steps.count() >= 6
    assert all(step.title_es and step.instructions_es for step in steps)
    english = Article.all_objects.get(slug="minimally-invasive-spine-surgery")
    spanish = english.translations.get(language="es")
    assert english.teach_back_questions.count() == spanish.teach_back_questions.count() == 4
    anchors = {section.anchor for section in spanish.sections.all()} | {"warning-signs"}
    assert {question.section_anchor for question in spanish.teach_back_questions.all()} <= anchors
