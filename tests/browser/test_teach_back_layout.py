"""Teach-back on a 390 px phone, in English and Spanish: each radio button is a tap target of at
least 44 px, on the same line as its answer, and the page is axe clean."""

import pytest
from playwright.sync_api import expect

from care.models import Assignment
from education.demo import DEMO_SLUG
from education.models import Article
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "button"), [("en", "Check my answer"), ("es", "Revisar mi respuesta")])
def test_teach_back_radios_are_big_and_on_their_answers_line_at_390px(browser, live_server, demo, language, button):
    patient = demo["patient"]
    patient.preferred_language = language
    patient.save(update_fields=["preferred_language"])
    assignment = Assignment.objects.create(patient=patient, article=Article.all_objects.get(slug=DEMO_SLUG))

    page = browser.new_context(viewport=PHONE, bypass_csp=True).new_page()
    log_in(page, live_server, patient.email)
    page.goto(f"{live_server.url}/me/reading/{assignment.pk}/check/")
    expect(page.get_by_role("button", name=button)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)

    options = page.locator(".teach-back-option")
    assert options.count() >= 2
    for index in range(options.count()):
        radio = options.nth(index).locator("input[type=radio]").bounding_box()
        label = options.nth(index).locator("label").bounding_box()
        assert radio["width"] >= 44
        assert radio["height"] >= 44, radio
        # Same line: the radio is left of its answer and its middle is within the answer's height.
        assert radio["x"] + radio["width"] <= label["x"]
        middle = radio["y"] + radio["height"] / 2
        assert (
            label["y"] - 1 <= middle <= label["y"] + label["height"] + 1
            or abs((label["y"] + label["height"] / 2) - middle) <= radio["height"] / 2
        )
    assert_fits_the_screen(page)
    assert_accessible(page)
