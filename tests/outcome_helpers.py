"""Shared set-up for the outcome questionnaire tests."""

from datetime import date
from pathlib import Path

from django.core.management import call_command

from care import services as care_services
from outcomes.models import Instrument, ScheduledInstrument
from tests.factories import PathwayTemplateFactory

SHIPPED = Path(__file__).resolve().parent.parent / "outcomes" / "instruments"


def odi_like_data() -> dict:
    """A made-up instrument of the ODI's shape (ten items, 0–5, percent rule); no licensed text."""
    return {
        "code": "made-up-odi",
        "name": "Made-up disability index",
        "name_es": "Índice inventado",
        "short_name": "Disability",
        "licence_note": "Made up for tests.",
        "languages": ["en", "es"],
        "score_min": 0,
        "score_max": 100,
        "direction": "higher_is_worse",
        "mcid_absolute": 10,
        "mcid_percent": 30,
        "scoring_rule": "percent",
        "max_missing": 2,
        "items": [
            {
                "code": f"s{n}",
                "text": f"Question {n}",
                "text_es": f"Pregunta {n}",
                "options": [{"value": v, "label": f"Answer {v}", "label_es": f"Respuesta {v}"} for v in range(6)],
            }
            for n in range(1, 11)
        ],
    }


def load_shipped() -> list[Instrument]:
    for name in ("nrs-back", "nrs-leg", "peg"):
        if not Instrument.objects.filter(code=name).exists():
            call_command("load_instrument", str(SHIPPED / f"{name}.json"), verbosity=0)
    return list(Instrument.objects.filter(code__in=("nrs-back", "nrs-leg", "peg")))


def enrol_with_schedule(patient, *, surgery_date=date(2026, 6, 15), template=None):
    """Put `patient` on a published pathway that asks back pain, leg pain and PEG at the standard time points."""
    from outcomes.services import schedule_standard

    instruments = load_shipped()
    template = template or PathwayTemplateFactory(status="published")
    schedule_standard(template=template, instruments=instruments)
    pathway = care_services.pathway_enrol(patient=patient, template=template, surgery_date=surgery_date)
    return pathway, ScheduledInstrument.objects.filter(template=template)
