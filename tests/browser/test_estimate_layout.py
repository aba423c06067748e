"""The cost estimate in a real browser, on a phone (390 px) and a desktop (1280 px):
"You pay" is on screen without sideways scrolling, the page passes axe, and the
form shows only the deductible fields the chosen insurance uses."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser

WORKED = "/estimates/?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0"
SUPPLEMENT = "/estimates/?procedure=63030&procedure=22612&coverage=medicare_supplement"
SELF_PAY = "/estimates/?procedure=63030&procedure=22612&coverage=self_pay"


def you_pay_is_on_screen(page):
    cell = page.locator("tbody td.you-pay").first
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] >= 0, f"'You pay' is off screen: {box}"
    assert box["x"] + box["width"] <= width, f"'You pay' is off screen: {box}, viewport {width}"
    total = page.locator("tfoot td.you-pay")
    expect(total).to_be_visible()
    assert total.bounding_box()["x"] + total.bounding_box()["width"] <= width


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
@pytest.mark.parametrize("path", [WORKED, SUPPLEMENT, SELF_PAY], ids=["medicare", "supplement", "self-pay"])
def test_you_pay_is_visible_without_sideways_scroll_and_the_page_is_accessible(page, live_server, demo, viewport, path):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + path)
    you_pay_is_on_screen(page)
    assert_fits_the_screen(page)
    assert_accessible(page)


def test_the_phone_card_puts_you_pay_first(page, live_server, demo):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + WORKED)
    first_row = page.locator("tbody tr").first
    cells = first_row.locator("td")
    assert cells.first.get_attribute("class").endswith("you-pay")
    assert cells.first.bounding_box()["y"] < cells.nth(1).bounding_box()["y"]  # stacked, You pay on top
    expect(cells.first).to_contain_text("$112.53")  # one operation: 20% of half of $1,125.30


def test_only_the_fields_the_chosen_insurance_uses_are_shown(page, live_server, demo):
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + "/estimates/")
    part_b = page.get_by_label("Medicare Part B deductible you still owe this year")
    no_fault = page.get_by_label("No-Fault policy deductible")
    expect(part_b).to_be_visible()
    expect(no_fault).to_be_hidden()
    page.get_by_label("Self-pay (no insurance)").check()
    expect(part_b).to_be_hidden()
    expect(page.get_by_label("Secondary plan deductible you still owe")).to_be_hidden()
    page.get_by_label("No-Fault car insurance").check()
    expect(no_fault).to_be_visible()
    no_fault.fill("$1,000")
    page.get_by_label("Lower back disc surgery (CPT 63030)").check()
    page.get_by_role("button", name="Estimate my cost").click()
    expect(page.locator(".estimate-total")).to_contain_text("$1,000.00")
    assert "deductible_remaining" not in page.url  # a hidden field is not sent
    assert_accessible(page)


def test_the_article_link_ticks_nothing_and_lists_the_articles_procedures_first(page, live_server, demo):
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + "/articles/minimally-invasive-spine-surgery/")
    page.get_by_role("link", name="Estimate what you will pay").click()
    expect(page.get_by_text("Suggested for what you were reading")).to_be_visible()
    assert page.locator("input[name='procedure']:checked").count() == 0
    page.get_by_role("button", name="Estimate my cost").click()
    expect(page.get_by_text("Choose at least one procedure.")).to_be_visible()
    expect(page.get_by_text("Suggested for what you were reading")).to_be_visible()  # kept after a mistake


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
def test_the_saved_estimate_fits_the_screen_with_its_total_and_is_accessible(page, live_server, demo, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + SUPPLEMENT)
    page.get_by_role("button", name="Save to my page").click()
    expect(page.get_by_text("Saved to your page.")).to_be_visible()
    expect(page.locator("tfoot")).to_contain_text("$283.00")
    you_pay_is_on_screen(page)
    assert_fits_the_screen(page)
    assert_accessible(page)
