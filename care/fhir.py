"""One patient's education records as a FHIR R4B Bundle (JSON), for a hospital's EHR.

Teach-back answers become QuestionnaireResponse resources (who: subject; what: the article
and question; when: authored; language; how: the portal; response: understood or needs
review) and questions to the care team become Communication resources. The Bundle, the Patient
and the identifiers are `portal.fhir`'s, shared with the questionnaire answers.
"""

from care.models import EducationRecord, PatientQuestion
from portal import fhir

RESPONSE_SYSTEM = fhir.code_system("education-response")
METHOD_SYSTEM = fhir.code_system("education-method")


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
                            "display": str(EducationRecord.Response(record.response).label),
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


def records_part(*, patient) -> list[tuple[str, dict]]:
    """The patient's teach-back answers and questions, as Bundle entries. Two queries."""
    subject = fhir.patient_url(patient)
    entries = []
    answers = EducationRecord.objects.filter(patient=patient, question_text__gt="").order_by("created_at", "pk")
    for record in answers:
        entries.append((fhir.full_url("education-record", record.pk), _answer(record, subject)))
    questions = PatientQuestion.objects.filter(patient=patient).select_related("assignment__article")
    for question in questions.order_by("created_at", "pk"):
        entries.append((fhir.full_url("patient-question", question.pk), _question(question, subject)))
    return entries


def bundle_response(*, patient):
    """The patient's education records as a downloaded FHIR Bundle."""
    document = fhir.patient_bundle(patient=patient, parts=["education-records"])
    return fhir.bundle_response(document, filename=f"education-records-{patient.pk}.fhir.json")
