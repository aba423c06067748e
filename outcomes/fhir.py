"""FHIR R4B: an instrument as a Questionnaire, a patient's sent answers as QuestionnaireResponses.

Plain dicts built here; tests validate them with fhir.resources (R4B models)."""

from outcomes.models import Answer, Instrument, Response

SYSTEM = "urn:portal:outcomes"


def questionnaire(instrument: Instrument) -> dict:
    """The instrument as a FHIR Questionnaire: one choice item per question, options coded by value."""
    return {
        "resourceType": "Questionnaire",
        "id": instrument.code,
        "url": f"{SYSTEM}:questionnaire:{instrument.code}",
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
                            "system": f"{SYSTEM}:{instrument.code}",
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


def questionnaire_response(response: Response, answers: list[Answer]) -> dict:
    """One sent set of answers; a skipped question is left out (FHIR lists answered items only)."""
    instrument = response.instrument
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{response.pk}",
        "questionnaire": f"{SYSTEM}:questionnaire:{instrument.code}",
        "status": "completed",
        "subject": {"reference": f"Patient/{response.patient_id}"},
        "authored": response.answered_on.isoformat(),
        "language": response.language,
        "item": [
            {
                "linkId": answer.item.code,
                "text": answer.item.text_in(response.language),
                "answer": [
                    {
                        "valueCoding": {
                            "system": f"{SYSTEM}:{instrument.code}",
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


def patient_bundle(*, patient) -> dict:
    """A collection Bundle: each answered instrument once, then every sent response. Five queries."""
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
    entries = [{"fullUrl": f"{SYSTEM}:questionnaire:{i.code}", "resource": questionnaire(i)} for i in instruments]
    entries += [
        {"fullUrl": f"{SYSTEM}:response:{r.pk}", "resource": questionnaire_response(r, answers.get(r.pk, []))}
        for r in responses
    ]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
