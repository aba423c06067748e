"""Issue 31 on a phone (390 px) in Spanish: a question typed without accents finds the warning sign
first; the back pain rating is answered in Spanish on one screen; axe finds nothing."""

import re

import pytest
from playwright.sync_api import expect

from care import demo as care_demo
from outcomes import demo as outcomes_demo
from outcomes.models import Response
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser


def test_a_spanish_patient_searches_without_accents_and_answers_a_rating_on_one_screen(page, live_server, demo):
    patient = demo["patient"]
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    care_demo.pathway_load(patient_email="patient@example.com", reviewer_email="reviewer@example.com")
    outcomes_demo.schedule_load(patient_email="patient@example.com")

    page.set_viewport_size(PHONE)
    log_in(page, live_server, "patient@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Typed as on a phone keyboard: no accents, a whole sentence.
    page.goto(f"{live_server.url}/search/?q=fiebre+despues+de+la+cirugia")
    first = page.locator(".search-result, .search-warning").first
    expect(first).to_have_class(re.compile(r"\bsearch-warning\b"))
    expect(first).to_have_class(re.compile(r"\bwarning-emergency\b"))
    expect(page.locator(".search-warning").filter(has_text="Una temperatura de más de 101 grados")).to_be_visible()
    assert_fits_the_screen(page)
    assert_accessible(page)

    # The back pain rating, in Spanish, answered and sent on one screen.
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Responder: Dolor de espalda (0–10)").click()
    expect(page.get_by_text("¿Qué número describe mejor su dolor de espalda")).to_be_visible()
    page.locator("label.answer-choice").filter(has_text=re.compile(r"^\s*6\s*$")).click()
    assert_fits_the_screen(page)
    assert_accessible(page)
    page.get_by_role("button", name="Enviar mi respuesta").click()
    expect(page.get_by_text("Gracias. Su respuesta se envió a su equipo de atención.")).to_be_visible()
    expect(page.locator("svg.score-chart .chart-time").first).to_have_text("Antes")
    assert_accessible(page)
    sent = Response.objects.get(patient=patient, instrument__code="nrs-back")
    assert (sent.language, sent.status, str(sent.score)) == ("es", "sent", "6.0")
