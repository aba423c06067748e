"""The whole bill in a real browser, at 390 px and 1280 px, in English and Spanish: the surgeon, facility and
anesthesia groups and the total are on screen without sideways scrolling, "You pay" comes first, and axe passes."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser

HOSPITAL = (
    "/estimates/?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0&setting=hospital_outpatient"
)
TITLES = {
    "en": ("Surgeon", "Hospital outpatient department", "Anesthesia", "Total"),
    "es": ("Cirujano", "Departamento ambulatorio del hospital", "Anestesia", "Total"),
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_three_groups_and_the_total_are_visible_you_pay_first(page, live_server, demo, viewport, language):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "patient@example.com")
    if language == "es":
        page.get_by_role("button", name="Español").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto(live_server.url + HOSPITAL)
    # Demo amounts: 495.38 surgeon + 1,736.00 hospital (20% of 17,250 capped at the Part A deductible)
    # + 130.82 anesthesia ((8 + 360 / 15) x 20.44 = 654.08, 20%).
    expect(page.locator(".estimate-total")).to_contain_text("$2,362.20")
    table = page.locator("table.estimate-table")
    for title in TITLES[language][:3]:
        expect(table.locator("tr.group-row", has_text=title)).to_be_visible()
    expect(page.locator(".demo-amounts")).to_be_visible()
    width = page.viewport_size["width"]
    for row in page.locator("tbody tr:has(td.you-pay)").all() + [page.locator("tfoot tr")]:
        cells = row.locator("td")
        first = cells.first
        assert "you-pay" in first.get_attribute("class")  # "You pay" first in every row
        box = first.bounding_box()
        assert box["x"] >= 0, f"'You pay' is off screen: {box}"
        assert box["x"] + box["width"] <= width, f"'You pay' is off screen: {box}"
    total = page.locator("tfoot td.you-pay")
    expect(total).to_be_visible()
    expect(total).to_contain_text("$2,362.20")
    assert_fits_the_screen(page)
    assert_accessible(page)
