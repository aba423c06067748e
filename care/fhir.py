"""One patient's education records as a FHIR R4B Bundle (JSON), for a hospital's EHR.

Teach-back answers become QuestionnaireResponse resources (who: subject; what: the article
and question; when: authored; language; how: the portal; response: understood or needs
review) and questions to the care team become Communication resources. Plain dictionaries:
the tests validate them against fhir.resources' R4B models.
"""

import uuid

from django.conf import settings
from django.http import JsonResponse

from care.models import EducationRecord, PatientQuestion

SYSTEM = "https://spine-portal.example/fhir"  # our own code systems and identifiers
RESPONSE_SYSTEM = f"{SYSTEM}/CodeSystem/education-response"
METHOD_SYSTEM = f"{SYSTEM}/CodeSystem/education-method"


def _urn(kind: str, pk) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.PORTAL_BASE_URL}/{kind}/{pk}')}"


def _patient(patient) -> dict:
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": f"{SYSTEM}/patient-id", "value": str(patient.pk)}],
        "telecom": [{"system": "email", "value": patient.email}],
    }
    if patient.get_full_name():
        name = {"text": patient.get_full_name()}
        if patient.last_name:
            name["family"] = patient.last_name
        if patient.first_name:
            name["given"] = [patient.first_name]
        resource["name"] = [name]
    return resource


def _answer(record: EducationRecord, subject: str) -> dict:
    return {
        "resourceType": "QuestionnaireResponse",
        "language": record.language,
        "status": "completed",
        "subject": {"reference": subject},
        "authored": record.created_at.isoformat(),
        "source": {"reference": subject},
        "item": [
            {"linkId": "topic", "text": "Article read", "answer": [{"valueString": record.topic}]},
            {
                "linkId": f"question-{record.question_id}",
                "text": record.question_text,
                "answer": [{"valueString": record.answer_text}],
            },
            {
                "linkId": "method",
                "text": "How it was taught",
                "answer": [
                    {"valueCoding": {"system": METHOD_SYSTEM, "code": record.method, "display": "Patient portal"}}
                ],
            },
            {
                "linkId": "response",
                "text": "Response",
                "answer": [
                    {
                        "valueCoding": {
                            "system": RESPONSE_SYSTEM,
                            "code": record.response,
                            "display": EducationRecord.Response(record.response).label,
                        }
                    }
                ],
            },
        ],
    }


def _question(question: PatientQuestion, subject: str) -> dict:
    return {
        "resourceType": "Communication",
        "status": "completed",
        "category": [{"text": "Question to the care team"}],
        "subject": {"reference": subject},
        "sender": {"reference": subject},
        "sent": question.created_at.isoformat(),
        "topic": {"text": question.assignment.article.title if question.assignment_id else question.topic},
        "payload": [{"contentString": question.text}],
    }


def patient_bundle(*, patient) -> dict:
    """A `collection` Bundle: the patient, their teach-back answers and their questions. Three queries."""
    subject = _urn("patient", patient.pk)
    entries = [{"fullUrl": subject, "resource": _patient(patient)}]
    answers = EducationRecord.objects.filter(patient=patient, question_text__gt="").order_by("created_at", "pk")
    for record in answers:
        entries.append({"fullUrl": _urn("education-record", record.pk), "resource": _answer(record, subject)})
    questions = PatientQuestion.objects.filter(patient=patient).select_related("assignment__article")
    for question in questions.order_by("created_at", "pk"):
        entries.append({"fullUrl": _urn("patient-question", question.pk), "resource": _question(question, subject)})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def bundle_response(*, patient) -> JsonResponse:
    """The patient's Bundle as a downloaded `application/fhir+json` file."""
    response = JsonResponse(
        patient_bundle(patient=patient), content_type="application/fhir+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="education-records-{patient.pk}.fhir.json"'
    return response
