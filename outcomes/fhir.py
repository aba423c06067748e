"""FHIR R4B: an instrument as a Questionnaire, a patient's sent answers as QuestionnaireResponses.

The Bundle, the Patient and the identifiers are `portal.fhir`'s, shared with the education records;
tests validate them with fhir.resources (R4B models)."""

from outcomes.models import Answer, Instrument, Response
from portal import fhir


def _url(instrument: Instrument) -> str:
    return fhir.canonical("Questionnaire", instrument.code)


def _codes(instrument: Instrument) -> str:
    return fhir.code_system(f"outcomes-{instrument.code}")


def questionnaire(instrument: Instrument) -> dict:
    """The instrument as a FHIR Questionnaire: one choice item per question, options coded by value."""
    return {
        "resourceType": "Questionnaire",
        "id": instrument.code,
        "url": _url(instrument),
        "name": instrument.code.replace("-", "_").upper(),
        "title": instrument.name,
        "status": "active",
        "copyright": instrument.licence_note,
        "item": [
            {
                "linkId": item.code,
                "text": item.text,
                "type": "choice",
                "required": instrument.max_missing == 0,
                "answerOption": [
                    {
                        "valueCoding": {
                            "system": _codes(instrument),
                            "code": str(option.value),
                            "display": option.label,
                        }
                    }
                    for option in item.options.all()
                ],
            }
            for item in instrument.items.all()
        ],
    }


def questionnaire_response(response: Response, answers: list[Answer], subject: str) -> dict:
    """One sent set of answers; a skipped question is left out (FHIR lists answered items only)."""
    instrument = response.instrument
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{response.pk}",
        "questionnaire": _url(instrument),
        "status": "completed",
        "subject": {"reference": subject},
        "authored": response.answered_on.isoformat(),
        "language": response.language,
        "item": [
            {
                "linkId": answer.item.code,
                "text": answer.item.text_in(response.language),
                "answer": [
                    {
                        "valueCoding": {
                            "system": _codes(instrument),
                            "code": str(answer.option.value),
                            "display": answer.option.label_in(response.language),
                        }
                    }
                ],
            }
            for answer in answers
            if answer.option_id
        ],
    }
    if not resource["item"]:
        del resource["item"]  # FHIR forbids empty lists
    return resource


def answers_part(*, patient) -> list[tuple[str, dict]]:
    """Each answered instrument once, then every sent response, as Bundle entries. Five queries."""
    responses = list(
        Response.objects.filter(patient=patient, status=Response.Status.SENT)
        .select_related("instrument")
        .order_by("answered_on", "pk")
    )
    answers: dict[int, list[Answer]] = {}
    for answer in (
        Answer.objects.filter(response__in=responses).select_related("item", "option").order_by("item__order")
    ):
        answers.setdefault(answer.response_id, []).append(answer)
    instruments = Instrument.objects.filter(pk__in={r.instrument_id for r in responses}).prefetch_related(
        "items__options"
    )
    subject = fhir.patient_url(patient)
    entries = [(fhir.full_url("questionnaire", i.code), questionnaire(i)) for i in instruments]
    entries += [
        (fhir.full_url("questionnaire-response", r.pk), questionnaire_response(r, answers.get(r.pk, []), subject))
        for r in responses
    ]
    return entries


def patient_bundle(*, patient) -> dict:
    """The patient and their sent answers: a collection Bundle."""
    return fhir.patient_bundle(patient=patient, parts=["questionnaire-answers"])
