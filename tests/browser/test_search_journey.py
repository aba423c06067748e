"""A worried patient searches in their own words and sees the warning sign first."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser


def search_for(page, live_server, words):
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("What would you like to read about?").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()


def test_searching_fever_shows_the_emergency_sign_first_then_call_the_clinic(page, live_server, demo):
    # Safe first (issue 31): the red "go to the ER" box above the amber "call the clinic" one.
    log_in(page, live_server, "patient@example.com")
    search_for(page, live_server, "fever")
    first = page.locator("main .search-warning, main .search-result").first
    expect(first).to_contain_text("Go to the emergency room or call 911")
    assert "warning-emergency" in first.get_attribute("class")
    clinic = page.locator("main .search-warning.warning-clinic").first
    expect(clinic).to_contain_text("Call the clinic today")
    expect(clinic).to_contain_text("temperature")
    clinic.get_by_role("link", name="Check your warning signs in the guide").click()
    expect(page).to_have_url(f"{live_server.url}/warning-signs/")


def test_a_question_in_a_patients_words_finds_its_answer_on_a_phone(page, live_server, demo):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "patient@example.com")
    search_for(page, live_server, "how long is recovery")
    results = page.locator("main .search-result")
    # The answer about healing time, worded like the question (issue 31 ranks such titles higher).
    expect(results.first).to_contain_text(re.compile(r"recover|heal", re.IGNORECASE))
    assert_fits_the_screen(page)
    assert_accessible(page)


def test_a_spanish_reader_sees_the_warning_in_spanish(page, live_server, demo):
    demo["patient"].preferred_language = "es"
    demo["patient"].save(update_fields=["preferred_language"])
    log_in(page, live_server, "patient@example.com")
    page.goto(f"{live_server.url}/search/?q=fiebre")
    expect(page.locator("main .search-warning").first).to_contain_text("Vaya a la sala de emergencias")
    clinic = page.locator("main .search-warning.warning-clinic").first
    expect(clinic).to_contain_text("Llame a la clínica hoy")
    expect(clinic).to_contain_text("temperatura")
