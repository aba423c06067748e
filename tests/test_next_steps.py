"""My page's 'Your next steps' timeline and its calendar file."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from care import services
from care.my_page_cache import my_page_changed
from tests.factories import ArticleFactory, PathwayStepFactory, PathwayTemplateFactory


@pytest.fixture
def surgery():
    return timezone.localdate() + timedelta(days=21)


@pytest.fixture
def pathway(patient, surgery):
    template = PathwayTemplateFactory(name="MISS", name_es="MISS (es)")
    english = ArticleFactory(title="Preparing for spine surgery", slug="preparing")
    ArticleFactory(title="Cómo prepararse", slug="preparandose", language="es", translation_of=english)
    PathwayStepFactory(template=template, kind="read", article=english, days_from_surgery=-14, title="Read this")
    PathwayStepFactory(
        template=template, days_from_surgery=-25, title="Book your tests", title_es="Pida cita para sus exámenes"
    )
    PathwayStepFactory(
        template=template,
        days_from_surgery=-21,
        title="Stop blood thinners",
        title_es="Deje los anticoagulantes",
        instructions="Only if your surgeon told you to.",
    )
    PathwayStepFactory(
        template=template, days_from_surgery=-19, title="Arrange a ride", title_es="Busque quién lo lleve"
    )
    return services.pathway_enrol(patient=patient, template=template, surgery_date=surgery)


def test_my_page_shows_the_timeline_with_each_steps_state(patient_client, pathway, surgery):
    html = patient_client.get(reverse("care:my_page")).text
    assert "Your next steps" in html
    for text in ("Book your tests", "Overdue", "Stop blood thinners", "Due now", "Arrange a ride", "Coming up"):
        assert text in html
    assert "Only if your surgeon told you to." in html
    assert 'href="/articles/preparing/"' in html


def test_the_timeline_is_in_the_patients_language(patient_client, patient, pathway):
    patient.preferred_language = "es"
    patient.save()
    html = patient_client.get(reverse("care:my_page")).text
    assert "Sus próximos pasos" in html
    assert "Deje los anticoagulantes" in html
    assert "Atrasado" in html
    assert 'href="/articles/preparandose/"' in html  # the article in the reader's language


def test_a_patient_without_a_pathway_sees_no_timeline(patient_client):
    assert "Your next steps" not in patient_client.get(reverse("care:my_page")).text


def test_the_calendar_file_holds_one_event_per_step_on_its_date(patient_client, pathway, other_patient, surgery):
    theirs = PathwayStepFactory(title="Someone else's step")
    services.pathway_enrol(patient=other_patient, template=theirs.template, surgery_date=surgery)
    response = patient_client.get(reverse("care:steps_calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    by_title = {str(event["summary"]): event.decoded("dtstart") for event in events}
    assert by_title["Stop blood thinners"] == surgery - timedelta(days=21)
    assert len(by_title) == 4
    assert "Someone else's step" not in by_title


def test_my_page_queries_stay_constant_as_steps_grow(patient_client, pathway, django_assert_num_queries):
    patient_client.get(reverse("care:my_page"))
    my_page_changed(pathway.patient_id)  # read from the database again, not from the cache
    with CaptureQueriesContext(connection) as few:
        patient_client.get(reverse("care:my_page"))
    for days in range(10):
        PathwayStepFactory(template=pathway.template, days_from_surgery=days)
    services.pathway_enrol(
        patient=pathway.patient, template=PathwayStepFactory().template, surgery_date=pathway.surgery_date
    )
    with django_assert_num_queries(len(few.captured_queries)):
        patient_client.get(reverse("care:my_page"))
