"""Text size: every patient page at 100 %, 150 % and 200 %, chosen with the header's buttons as a person
would, at 390 px and 1280 px, in English and Spanish: drawn at that size by the server, no sideways
scrolling, and axe finds nothing. The login page takes the size too, for the browser session."""

import re

import pytest
from playwright.sync_api import expect

from care import demo as care_demo
from care.models import Assignment
from outcomes import demo as outcomes_demo
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ARTICLE = {
    "en": "/articles/minimally-invasive-spine-surgery/",
    "es": "/articles/cirugia-de-columna-minimamente-invasiva/",
}
SEARCH = {"en": "/search/?q=back", "es": "/search/?q=espalda"}
COMMON = [
    "/",
    "/articles/",
    "/faqs/",
    "/glossary/",
    "/warning-signs/",
    "/surgeons/",
    "/surgeons/vedant-vaksha/",
    "/me/",
    "/me/packet/",
    "/me/scores/",
    "/estimates/",
    "/estimates/?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0",
    "/estimates/saved/",
]
SIZES = (100, 150, 200)
BOTH = [(language, width) for language in ("en", "es") for width in ("phone", "desktop")]


def choose_size(page, size):
    page.locator(".text-size-switch").get_by_role("button", name=f"{size}%").click()
    if size == 100:
        expect(page.locator("html")).not_to_have_class(re.compile("text-size"))
    else:
        expect(page.locator("html")).to_have_class(f"text-size-{size}")
    expect(page.locator(".text-size-switch").get_by_role("button", name=f"{size}%")).to_have_attribute(
        "aria-pressed", "true"
    )


def check(page, failures):
    for test in (assert_fits_the_screen, assert_accessible):
        try:
            test(page)
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])


@pytest.mark.parametrize(("language", "width"), BOTH, ids=["-".join(p) for p in BOTH])
def test_every_patient_page_fits_and_passes_axe_at_every_text_size(page, live_server, demo, language, width):
    care_demo.reading_plan_load(patient_email="patient@example.com")
    care_demo.pathway_load(patient_email="patient@example.com", reviewer_email="reviewer@example.com")
    outcomes_demo.schedule_load(patient_email="patient@example.com")
    demo["patient"].preferred_language = language
    demo["patient"].save(update_fields=["preferred_language"])
    assignment = Assignment.objects.filter(patient=demo["patient"]).first()
    pages = [*COMMON, ARTICLE[language], SEARCH[language], f"/me/reading/{assignment.pk}/check/"]
    page.set_viewport_size(PHONE if width == "phone" else DESKTOP)
    page.context.set_extra_http_headers({"Accept-Language": language})
    failures = []

    page.goto(f"{live_server.url}/accounts/login/")
    for size in SIZES:
        choose_size(page, size)
        check(page, failures)
    # The login form in either language: by its fields, not their (translated) labels.
    page.locator("#id_username").fill("patient@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("html")).to_have_class("text-size-200")  # the account took the login page's choice
    for size in SIZES:
        page.goto(f"{live_server.url}/")
        choose_size(page, size)
        for path in pages:
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.className") == ("" if size == 100 else f"text-size-{size}")
            check(page, failures)
    assert failures == []
