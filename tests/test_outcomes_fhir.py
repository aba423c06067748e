"""FHIR export of a patient's answers: QuestionnaireResponse with the instrument as Questionnaire, valid R4B."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from outcomes import fhir, services
from outcomes.models import Instrument, Response
from tests.outcome_helpers import enrol_with_schedule


@pytest.fixture
def answered(patient):
    pathway, _ = enrol_with_schedule(patient, surgery_date=timezone.localdate() + timedelta(days=5))
    instrument = Instrument.objects.get(code="peg")
    response = Response.objects.create(patient=patient, pathway=pathway, instrument=instrument, time_point="pre_op")
    Instrument.objects.filter(pk=instrument.pk).update(max_missing=1)
    items = list(instrument.items.all())
    services.response_answer(response=response, item=items[0], option=items[0].options.get(value=6))
    services.response_answer(response=response, item=items[1], option=None)  # skipped
    services.response_answer(response=response, item=items[2], option=items[2].options.get(value=4))
    return services.response_send(response=response)


def test_the_instrument_is_a_valid_questionnaire(answered):
    instrument = Instrument.objects.prefetch_related("items__options").get(code="peg")
    resource = Questionnaire.model_validate(fhir.questionnaire(instrument))
    assert [item.linkId for item in resource.item] == ["p", "e", "g"]
    assert len(resource.item[0].answerOption) == 11


def test_the_export_is_a_valid_bundle_of_the_patients_answers(patient_client, answered):
    page = patient_client.get(reverse("outcomes:fhir"))
    assert page["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate(json.loads(page.content))
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Patient", "Questionnaire", "QuestionnaireResponse"]
    response = QuestionnaireResponse.model_validate(json.loads(page.content)["entry"][2]["resource"])
    assert response.status == "completed"
    assert (
        response.questionnaire == bundle.entry[1].resource.url == "https://spine-portal.example/fhir/Questionnaire/peg"
    )
    assert response.subject.reference == bundle.entry[0].fullUrl  # the Patient is in the Bundle
    assert [(i.linkId, i.answer[0].valueCoding.code if i.answer else None) for i in response.item] == [
        ("p", "6"),
        ("g", "4"),
    ]


def test_another_patient_exports_none_of_my_answers(client, other_patient, answered):
    client.force_login(other_patient)
    bundle = json.loads(client.get(reverse("outcomes:fhir")).content)
    assert [entry["resource"]["resourceType"] for entry in bundle["entry"]] == ["Patient"]
    assert bundle["entry"][0]["resource"]["telecom"][0]["value"] == other_patient.email


def test_the_export_uses_five_queries_whatever_the_answers(patient, answered, django_assert_num_queries):
    with django_assert_num_queries(5):  # responses, answers, instruments, their items, their options
        fhir.patient_bundle(patient=patient)
