"""A one-question questionnaire on one screen, the 0–10 ratings in Spanish, the chart labelled by
time point (issue 31)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Instrument, Response
from tests.outcome_helpers import enrol_with_schedule


@pytest.fixture
def pre_op(patient):
    pathway, scheduled = enrol_with_schedule(patient, surgery_date=timezone.localdate() + timedelta(days=10))
    return pathway, {entry.instrument.code: entry for entry in scheduled.filter(time_point="pre_op")}


def option(code, value):
    return Instrument.objects.get(code=code).items.get().options.get(value=value).pk


def test_a_one_question_questionnaire_is_answered_and_sent_on_one_screen(patient_client, pre_op):
    pathway, scheduled = pre_op
    url = reverse("outcomes:start", args=[pathway.pk, scheduled["nrs-leg"].pk])
    page = patient_client.get(url)
    assert "What number best describes your leg pain" in page.text
    assert page.text.count('type="radio"') == 11
    sent = patient_client.post(url, {"option": option("nrs-leg", 6)})
    assert sent.url == reverse("outcomes:scores")
    response = Response.objects.get(pathway=pathway, instrument__code="nrs-leg")
    assert (response.status, response.score, response.score_exact) == ("sent", Decimal("6.0"), Decimal(6))


def test_no_answer_on_the_one_screen_is_a_clear_400_and_nothing_is_sent(patient_client, pre_op):
    pathway, scheduled = pre_op
    page = patient_client.post(reverse("outcomes:start", args=[pathway.pk, scheduled["nrs-back"].pk]), {})
    assert page.status_code == 400
    assert "Please choose an answer" in page.text
    assert not Response.objects.filter(status="sent").exists()


def test_a_spanish_reader_answers_the_back_pain_rating_in_spanish_and_it_is_scored(patient_client, patient, pre_op):
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    pathway, scheduled = pre_op
    url = reverse("outcomes:start", args=[pathway.pk, scheduled["nrs-back"].pk])
    page = patient_client.get(url)
    assert "¿Qué número describe mejor su dolor de espalda" in page.text
    assert "0 – Nada de dolor" in page.text
    assert 'class="alert alert-info" lang="es"' not in page.text  # no English-only notice
    patient_client.post(url, {"option": option("nrs-back", 7)})
    response = Response.objects.get(pathway=pathway, instrument__code="nrs-back")
    assert (response.language, response.status, response.score) == ("es", "sent", Decimal("7.0"))


def test_the_peg_stays_in_english_with_the_notice_for_a_spanish_reader(patient_client, patient, pre_op):
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    pathway, scheduled = pre_op
    page = patient_client.get(reverse("outcomes:start", args=[pathway.pk, scheduled["peg"].pk]))
    assert Instrument.objects.get(code="peg").languages == ["en"]
    assert 'class="alert alert-info" lang="es"' in page.text


def test_the_chart_is_labelled_by_time_point(patient_client, patient, pre_op):
    pathway, _scheduled = pre_op
    instrument = Instrument.objects.get(code="nrs-leg")
    for time_point, score in (("pre_op", 7), ("6w", 4), ("3m", 2)):
        Response.objects.create(
            patient=patient,
            pathway=pathway,
            instrument=instrument,
            time_point=time_point,
            status="sent",
            score=Decimal(score),
            answered_on=timezone.localdate(),
        )
    html = patient_client.get(reverse("outcomes:scores")).text
    labels = [label for label in ("Before surgery</text>", "6 weeks</text>", "3 months</text>") if label in html]
    assert len(labels) == 3
    assert html.index("Before surgery</text>") < html.index("6 weeks</text>") < html.index("3 months</text>")
