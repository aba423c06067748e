"""One FHIR exporter: one Bundle per patient with the education records and the questionnaire
answers, one identifier scheme, and every resource it references inside it (the Patient included)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from care import services as care_services
from outcomes import services
from outcomes.models import Instrument, Response
from portal import fhir
from tests.factories import ArticleFactory, AssignmentFactory, TeachBackQuestionFactory
from tests.outcome_helpers import enrol_with_schedule


@pytest.fixture
def everything(patient):
    article = ArticleFactory(title="Preparing for surgery")
    question = TeachBackQuestionFactory(article=article, question="Can you drive home?")
    assignment = AssignmentFactory(patient=patient, article=article)
    care_services.teach_back_answer(
        assignment=assignment, article=article, question=question, option=question.options[1]["key"], language="en"
    )
    care_services.assignment_ask(assignment=assignment, text="Can I shower after surgery?")
    pathway, _ = enrol_with_schedule(patient, surgery_date=timezone.localdate() + timedelta(days=5))
    instrument = Instrument.objects.get(code="peg")
    response = Response.objects.create(patient=patient, pathway=pathway, instrument=instrument, time_point="pre_op")
    for item in instrument.items.all():
        services.response_answer(response=response, item=item, option=item.options.get(value=3))
    services.response_send(response=response)


def test_one_bundle_per_patient_validates_and_holds_everything_it_references(patient, everything):
    document = fhir.patient_bundle(patient=patient)
    bundle = Bundle.model_validate(document)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Patient", "QuestionnaireResponse", "Communication", "Questionnaire", "QuestionnaireResponse"]
    held = {entry["fullUrl"] for entry in document["entry"]}
    assert all(url.startswith("urn:uuid:") for url in held)  # one identifier scheme
    referenced = set().union(*(fhir.references(entry["resource"]) for entry in document["entry"]))
    assert referenced
    assert referenced <= held
    canonical = {e["resource"]["url"] for e in document["entry"] if e["resource"]["resourceType"] == "Questionnaire"}
    answered = {
        e["resource"]["questionnaire"]
        for e in document["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse" and "questionnaire" in e["resource"]
    }
    assert answered <= canonical


def test_a_bundle_that_would_reference_a_missing_resource_is_refused(patient):
    dangling = {"resourceType": "Communication", "status": "completed", "subject": {"reference": "Patient/999"}}
    with pytest.raises(ValueError, match="Patient/999"):
        fhir.bundle(patient=patient, entries=[(fhir.full_url("x", 1), dangling)])
