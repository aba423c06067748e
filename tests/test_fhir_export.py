"""One patient's education records as FHIR R4B JSON, validated with fhir.resources' R4B models."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from care import services
from tests.factories import ArticleFactory, AssignmentFactory, TeachBackQuestionFactory


@pytest.fixture
def records(patient, other_patient):
    article = ArticleFactory(title="Preparing for surgery")
    question = TeachBackQuestionFactory(article=article, question="Can you drive home?")
    mine = AssignmentFactory(patient=patient, article=article)
    services.teach_back_answer(assignment=mine, article=article, question=question, option="wrong", language="en")
    services.teach_back_answer(assignment=mine, article=article, question=question, option="right", language="es")
    services.assignment_ask(assignment=mine, text="Can I shower after surgery?")
    theirs = AssignmentFactory(patient=other_patient, article=article)
    services.assignment_ask(assignment=theirs, text="Someone else's question")
    return mine


def bundle_of(response) -> Bundle:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    return Bundle.model_validate(json.loads(response.content))


def test_the_export_validates_as_r4b_with_answers_and_questions(patient_client, records):
    bundle = bundle_of(patient_client.get(reverse("care:records_fhir")))
    resources = [entry.resource for entry in bundle.entry]
    assert [type(r).__name__ for r in resources] == [
        "Patient",
        "QuestionnaireResponse",
        "QuestionnaireResponse",
        "Communication",
    ]
    wrong, right = resources[1], resources[2]
    assert isinstance(wrong, QuestionnaireResponse)
    assert wrong.subject.reference == bundle.entry[0].fullUrl
    items = {item.linkId: item for item in wrong.item}
    assert items["topic"].answer[0].valueString == "Preparing for surgery"
    assert items["response"].answer[0].valueCoding.code == "needs_review"
    assert items["method"].answer[0].valueCoding.code == "portal"
    assert (right.language, {i.linkId: i for i in right.item}["response"].answer[0].valueCoding.code) == (
        "es",
        "understood",
    )
    question = resources[3]
    assert isinstance(question, Communication)
    assert question.payload[0].contentString == "Can I shower after surgery?"


def test_a_patient_exports_only_their_own_records(patient_client, records):
    text = patient_client.get(reverse("care:records_fhir")).text
    assert "Someone else's question" not in text


def test_staff_export_one_patients_records(client, reviewer, patient, records, verified_login):
    verified_login(client, reviewer)
    bundle = bundle_of(client.get(reverse("admin:care_educationrecord_fhir", args=[patient.pk])))
    assert len(bundle.entry) == 4


def test_staff_cannot_export_a_non_patient_and_editors_cannot_export(client, reviewer, editor, verified_login):
    verified_login(client, reviewer)
    assert client.get(reverse("admin:care_educationrecord_fhir", args=[editor.pk])).status_code == 404
    client.logout()
    verified_login(client, editor)
    assert client.get(reverse("admin:care_educationrecord_fhir", args=[reviewer.pk])).status_code == 403


def test_the_export_queries_stay_constant_as_records_grow(patient_client, records, django_assert_num_queries):
    patient_client.get(reverse("care:records_fhir"))  # who is asking, then from the cache
    with CaptureQueriesContext(connection) as few:
        patient_client.get(reverse("care:records_fhir"))
    for _ in range(5):
        services.assignment_ask(assignment=records, text="More?")
    with django_assert_num_queries(len(few.captured_queries)):
        patient_client.get(reverse("care:records_fhir"))
