"""Demo data for outcome questionnaires: the shipped instruments, scheduled on the demo pathway,
so the demo patient has the pre-op questionnaires to answer."""

import json
from pathlib import Path

from care import selectors as care_selectors
from care.demo import DEMO_PATHWAY
from care.models import PathwayProcedure, PathwayTemplate, PatientPathway
from outcomes.models import Instrument
from outcomes.services import instrument_load, schedule_standard, validate_instrument

SHIPPED = Path(__file__).resolve().parent / "instruments"
DEMO_CPT = "63030"  # the demo pathway is a minimally invasive discectomy


def instruments_load() -> list[Instrument]:
    """Load each shipped instrument that is not there yet."""
    loaded = []
    for path in sorted(SHIPPED.glob("*.json")):
        data = validate_instrument(json.loads(path.read_text(encoding="utf-8")))
        instrument = Instrument.objects.filter(code=data["code"]).first()
        loaded.append(instrument or instrument_load(data=data))
    return loaded


def schedule_load(*, patient_email: str) -> str:
    """Ask the shipped questionnaires on the demo pathway, and name the demo patient's procedure."""
    template = PathwayTemplate.objects.filter(name=DEMO_PATHWAY).first()
    if template is None:
        return ""
    instruments = instruments_load()
    schedule_standard(template=template, instruments=instruments)
    procedure = care_selectors.procedures().filter(cpt_code=DEMO_CPT).first()
    pathway = PatientPathway.objects.filter(template=template, patient__email=patient_email).first()
    if procedure and pathway:
        PathwayProcedure.objects.get_or_create(pathway=pathway, defaults={"procedure": procedure})
    return f"{len(instruments)} outcome questionnaires on “{template.name}”"
