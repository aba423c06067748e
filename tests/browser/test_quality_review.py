"""A reviewer opens the demo article in the admin, reads the content checks, and rates it with PEMAT."""

import os

import pytest
from playwright.sync_api import expect

from education.models import Article, PematRating
from education.quality import PEMAT_ITEMS
from tests.browser.conftest import log_in_staff

pytestmark = pytest.mark.browser


def test_the_reviewer_sees_the_checks_of_the_corrected_demo_and_rates_pemat(page, live_server, demo):
    article = Article.all_objects.get(slug="minimally-invasive-spine-surgery")
    log_in_staff(page, live_server, demo["reviewer"])
    page.goto(f"{live_server.url}/admin/education/article/{article.pk}/change/")

    checks = page.locator("fieldset.quality-report")
    # The corrected demo sends every emergency sign to 911 and names 63040 as the fee schedule does.
    expect(checks.get_by_role("heading", name="Red-flag triage")).to_have_count(0)
    expect(checks.get_by_text("CPT 63040: the text calls it")).to_have_count(0)
    checks.get_by_text("Reading grade of every part").click()  # <details>: opens without JavaScript
    expect(checks.get_by_role("cell", name="Warning signs: emergency")).to_be_visible()
    if os.environ.get("QUALITY_SCREENSHOT"):
        checks.screenshot(path=os.environ["QUALITY_SCREENSHOT"])

    checks.get_by_role("link", name="Rate it with PEMAT").click()
    for item in PEMAT_ITEMS:
        page.locator(f"input[name='item_{item.number}'][value='agree']").check()
    page.locator("input[name='item_23'][value='disagree']").check()
    page.locator("input[name='_save']").click()
    rating = PematRating.objects.get(article=article)
    assert (rating.understandability, rating.actionability) == (100, 86)  # 6 of 7
