"""The demo patient switches to Spanish and reads, checks and estimates, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen, log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ARTICLE = "/articles/minimally-invasive-spine-surgery/"


def test_patient_switches_to_spanish_and_reads_checks_and_estimates(page, live_server, demo):
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + ARTICLE)
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cirugía de columna mínimamente invasiva (MISS)")
    expect(page.locator(".warning-emergency").get_by_role("link", name="Llame al 911")).to_be_visible()
    faq = page.locator("details.faq").first
    faq.locator(":scope > summary").click()
    expect(faq).to_contain_text("semanas")

    page.get_by_role("link", name="Calcule cuánto va a pagar").click()
    page.get_by_role("link", name=re.compile("Ver el ejemplo del artículo")).click()
    expect(page.locator(".estimate-total")).to_contain_text("$495.38")  # one operation: the disc surgery at half
    expect(page.get_by_text("Usted paga el otro 20% (su coseguro).")).to_be_visible()

    page.goto(f"{live_server.url}/warning-signs/")
    page.locator(".guide-check").filter(has_text="derrame cerebral").first.locator("input").check()
    page.get_by_role("button", name="¿Qué debo hacer?").click()
    expect(page.get_by_role("heading", name="Llame al 911 o vaya ahora a la sala de emergencias.")).to_be_visible()

    # The choice is remembered: the login page after logging out is in Spanish too.
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_text("Cerró la sesión")).to_be_visible()
    page.get_by_label("Correo electrónico").fill("patient@example.com")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("heading", name=re.compile("Bienvenido, Pat"))).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/articles/cirugia-de-columna-minimamente-invasiva/",
        "/faqs/",
        "/warning-signs/",
        "/me/",
        "/estimates/?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0",
        "/surgeons/vedant-vaksha/",
    ],
)
def test_spanish_pages_are_accessible_and_fit_a_phone(page, live_server, demo, path):
    demo["patient"].preferred_language = "es"
    demo["patient"].save(update_fields=["preferred_language"])
    log_in(page, live_server, "patient@example.com")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_fits_the_screen(page)
    assert_accessible(page)
