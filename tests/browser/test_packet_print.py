"""'Print my packet', printed to PDF by Chromium as a patient's browser would: at least two pages, the
clinic's number on every page, and the patient's steps, warning signs and reading list, in their language."""

import re
import unicodedata
from io import BytesIO

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from care import demo as care_demo
from care.selectors import assignments_for, timeline_for
from education.selectors import warning_signs_for_guide
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"print": "Print my packet", "title": "My packet"},
    "es": {"print": "Imprimir mi paquete", "title": "Mi paquete"},
}


def plain(text: str) -> str:
    # PDF text comes with ligatures ("ﬁ") and line breaks where the page wrapped.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_printed_packet_has_the_clinics_number_on_every_page(page, live_server, demo, language):
    care_demo.reading_plan_load(patient_email="patient@example.com")
    care_demo.pathway_load(patient_email="patient@example.com", reviewer_email="reviewer@example.com")
    patient = demo["patient"]
    patient.preferred_language = language
    patient.save(update_fields=["preferred_language"])
    page.add_init_script("window.print = () => { window.__printed = true; };")
    log_in(page, live_server, "patient@example.com")
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name=WORDS[language]["print"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["title"])
    page.get_by_role("button", name=WORDS[language]["print"]).click()
    assert page.evaluate("window.__printed") is True
    assert_accessible(page)

    pdf = PdfReader(BytesIO(page.pdf(format="Letter")))
    pages = [plain(sheet.extract_text()) for sheet in pdf.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert settings.CLINIC_PHONE in text, f"page {number} has no clinic number: {text[:200]}"
        assert "911" in text, f"page {number}"
    everything = " ".join(pages)
    steps = timeline_for(patient=patient, language=language)
    assert steps
    for step in steps:
        assert plain(step.title) in everything
    signs = warning_signs_for_guide(language=language)
    assert signs
    for sign in signs:
        assert plain(sign.text) in everything
    for assignment in assignments_for(patient=patient, language=language):
        assert plain(assignment.reader_article.title) in everything
    assert settings.CLINIC_AFTER_HOURS_PHONE in everything
