"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped, with the reason printed, when Chromium is not installed.
"""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.accounts.roles import Role
from tests.conftest import restore_migration_data
from tests.factories import PASSWORD, PatientFactory, UserFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.11.1" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Playwright's sync API runs an event loop in this thread; the ORM calls in the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the tests inject axe-core; the portal's own pages never need it.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="package", autouse=True)
def _restore_after_browser_tests(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.fixture
def demo(transactional_db):
    """The real demo content (MISS article, FAQs, surgeon, glossary) plus personas."""
    restore_migration_data()
    call_command("load_demo", "--no-accounts", stdout=StringIO())
    reviewer = UserFactory(email="reviewer@example.com", role=Role.MEDICAL_REVIEWER)
    from education.models import Surgeon

    Surgeon.objects.filter(slug="vedant-vaksha").update(user=reviewer)
    return {
        "patient": PatientFactory(email="patient@example.com", first_name="Pat"),
        "editor": UserFactory(email="editor@example.com", role=Role.EDITOR),
        "reviewer": reviewer,
    }


def log_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in_staff(page, live_server, user):
    """Staff log in with a password and then the code their authenticator app shows."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Phone", defaults={"confirmed": True})
    log_in(page, live_server, user.email)
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}")
    page.get_by_role("button", name="Continue").click()


def assert_accessible(page):
    """axe-core finds no WCAG 2.1 A or AA violation on the page as it is now.

    Running CSS transitions are finished first: a button just clicked fades to its new colours over
    0.15 s, and on a busy machine axe would otherwise measure the contrast of a colour halfway there."""
    page.evaluate("document.getAnimations().forEach((animation) => { try { animation.finish(); } catch (endless) {} })")
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)"
    )
    assert violations == [], f"{page.url}: {violations}"


def assert_fits_the_screen(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{page.url} scrolls sideways: {scroll_width} > {inner_width}"
