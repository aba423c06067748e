"""A patient's visit, as a person does it, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from care.models import Assignment, ReadingPlan
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser

ARTICLE = "/articles/minimally-invasive-spine-surgery/"


def test_patient_reads_searches_checks_warning_signs_and_logs_out(page, live_server, demo):
    log_in(page, live_server, "patient@example.com")
    expect(page.get_by_role("heading", name=re.compile("Welcome, Pat"))).to_be_visible()

    page.goto(live_server.url + ARTICLE)
    page.get_by_role("navigation", name="On this page").get_by_role("link").nth(2).click()
    assert re.search(r"#[\w-]+$", page.url)
    faq = page.locator("details.faq").first
    faq.locator(":scope > summary").click()
    assert faq.evaluate("element => element.open")
    expect(page.locator(".warning-emergency").get_by_role("link", name="Call 911")).to_be_visible()

    page.get_by_role("link", name="Estimate what you will pay").click()
    page.get_by_role("link", name=re.compile("See the example from the article")).click()
    expect(page.locator(".estimate-total")).to_contain_text("$495.38")  # one operation: the disc surgery at half
    page.get_by_role("button", name="Save to my page").click()
    expect(page.get_by_text("Saved to your page.")).to_be_visible()
    page.get_by_role("link", name="My page").click()
    expect(page.get_by_role("link", name=re.compile(r"\$495\.38"))).to_be_visible()

    page.goto(f"{live_server.url}/search/?q=herniatd")
    expect(page.get_by_text("Did you mean")).to_be_visible()
    assert page.locator(".search-result").count() > 0

    page.goto(f"{live_server.url}/warning-signs/")
    page.locator(".guide-check").filter(has_text="stroke").first.locator("input").check()
    page.get_by_role("button", name="What should I do?").click()
    expect(page.get_by_role("heading", name="Call 911 or go to the emergency room now.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out")).to_be_visible()


def test_assigned_reading_is_marked_read_from_the_article(page, live_server, demo):
    from education.models import Article

    plan = ReadingPlan.objects.create(name="Before surgery")
    article = Article.all_objects.get(slug="minimally-invasive-spine-surgery")
    Assignment.objects.create(patient=demo["patient"], article=article, plan=plan)
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + ARTICLE)
    page.get_by_role("button", name="I have read this").click()
    expect(page.get_by_text("is marked as read")).to_be_visible()
    assert Assignment.objects.get().finished_at is not None


@pytest.mark.parametrize(
    "path",
    [
        "/",
        ARTICLE,
        "/articles/",
        "/faqs/",
        "/search/?q=fusion",
        "/warning-signs/",
        "/glossary/",
        "/me/",
        "/surgeons/vedant-vaksha/",
        "/estimates/",
        "/estimates/?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0",
        "/estimates/good-faith-estimate/?procedure=63030",
    ],
)
def test_patient_pages_are_accessible_and_fit_a_phone(page, live_server, demo, path):
    log_in(page, live_server, "patient@example.com")
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + path)
        assert_fits_the_screen(page)
    assert_accessible(page)
    body_text = "document.querySelector('main p, main li, main dd')"
    font_size = page.evaluate(f"parseFloat(getComputedStyle({body_text}).fontSize)")
    assert font_size >= 16


def test_login_page_is_accessible(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)


def test_keyboard_reaches_the_skip_link_first(page, live_server, demo):
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + ARTICLE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_glossary_popover_opens_by_keyboard(page, live_server, demo):
    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + ARTICLE)
    term = page.locator("button.glossary-term").first
    term.focus()
    page.keyboard.press("Enter")
    popover = page.locator(f"#{term.get_attribute('popovertarget')}")
    expect(popover).to_be_visible()


def test_a_locked_out_login_shows_the_lockout_message(page, live_server, demo):
    for _ in range(5):
        log_in(page, live_server, "patient@example.com", password="not-the-right-password")
    log_in(page, live_server, "patient@example.com", password="not-the-right-password")
    expect(page.get_by_role("heading", name="Too many failed logins")).to_be_visible()


@pytest.mark.parametrize("path", ["/", ARTICLE, "/estimates/", "/me/"])
def test_pages_work_at_200_percent_zoom(page, live_server, demo, path):
    """200% zoom on a 1280-pixel screen lays the page out as a 640-pixel one."""
    log_in(page, live_server, "patient@example.com")
    page.set_viewport_size({"width": 640, "height": 400})
    page.goto(live_server.url + path)
    assert_fits_the_screen(page)
