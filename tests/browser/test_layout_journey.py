"""The header, spine map, figures, glossary popover and current-page navigation, at 390 px and 1280 px,
in English and Spanish, in a real browser; axe finds nothing on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, log_in

pytestmark = pytest.mark.browser

ARTICLE = {
    "en": "/articles/minimally-invasive-spine-surgery/",
    "es": "/articles/cirugia-de-columna-minimamente-invasiva/",
}
WORDS = {
    "en": {
        "menu": "Show the menu",
        "articles": "Articles",
        "my page": "My page",
        "lower back": "Lower back",
        "close": "Close the explanation of",
        "described": "Picture described in words",
        "log out": "Log out",
    },
    "es": {
        "menu": "Mostrar el menú",
        "articles": "Artículos",
        "my page": "Mi página",
        "lower back": "Espalda baja",
        "close": "Cerrar la explicación de",
        "described": "Imagen descrita con palabras",
        "log out": "Cerrar sesión",
    },
}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def reader(page, live_server, demo, request):
    language, size = request.param
    demo["patient"].preferred_language = language
    demo["patient"].save(update_fields=["preferred_language"])
    page.set_viewport_size(SIZES[size])
    log_in(page, live_server, "patient@example.com")
    return language, size


def open_menu_on_a_phone(page, language, size):
    if size == "phone":
        page.get_by_role("button", name=WORDS[language]["menu"]).click()


BOTH = [("en", "phone"), ("en", "desktop"), ("es", "phone"), ("es", "desktop")]


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=["-".join(p) for p in BOTH])
def test_the_header_fits_and_marks_the_current_page(page, live_server, reader):
    language, size = reader
    words = WORDS[language]
    page.goto(live_server.url + "/me/")
    toggler = page.locator(".navbar-toggler")
    if size == "desktop":
        # One line: every link and the log-out button sit on the brand's row, none split over two lines.
        expect(toggler).to_be_hidden()
        tops = page.evaluate(
            "[...document.querySelectorAll('.site-header .nav-link, .site-header form button')]"
            ".map(e => [Math.round(e.getBoundingClientRect().top), e.getClientRects().length, e.offsetHeight])"
        )
        assert max(height for _, _, height in tops) < 50, tops
        assert page.locator(".site-header .navbar").evaluate("e => e.offsetHeight") < 80
        # The text-size strip above it (issue 33) is one slim line too.
        assert page.locator(".site-header .reader-tools").evaluate("e => e.offsetHeight") < 60
    else:
        expect(page.get_by_role("link", name=words["my page"])).to_be_hidden()
        open_menu_on_a_phone(page, language, size)
    current = page.get_by_role("navigation", name=re.compile("Main|Principal")).locator("[aria-current]")
    expect(current).to_have_count(1)
    expect(current).to_have_text(words["my page"])
    expect(current).to_have_attribute("aria-current", "page")
    assert_fits_the_screen(page)
    assert_accessible(page)


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=["-".join(p) for p in BOTH])
def test_the_spine_map_leads_to_a_regions_articles(page, live_server, reader):
    language, _ = reader
    page.goto(live_server.url + "/")
    spine = page.locator("svg.spine-map")
    expect(spine.locator("a")).to_have_count(4)
    expect(spine.locator(".spine-bone")).to_have_count(24 + 4)  # 24 vertebrae, the sacrum and 3 tailbone bones
    assert_fits_the_screen(page)
    assert_accessible(page)
    spine.locator(".spine-label").get_by_text(WORDS[language]["lower back"], exact=True).click()
    assert page.url.endswith("/articles/?region=lumbar")
    expect(page.locator("article.card")).to_have_count(1)


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=["-".join(p) for p in BOTH])
def test_figures_show_a_diagram_or_say_they_are_words(page, live_server, reader):
    language, _ = reader
    page.goto(live_server.url + ARTICLE[language])
    diagrams = page.locator("img.article-diagram")
    expect(diagrams).to_have_count(3)
    for index in range(3):
        diagram = diagrams.nth(index)
        diagram.scroll_into_view_if_needed()
        assert diagram.evaluate("img => img.complete && img.naturalWidth > 0")
        assert len(diagram.get_attribute("alt")) > 40
    expect(page.locator(".described-figure").first).to_contain_text(WORDS[language]["described"])
    # The tube retractor is drawn by the section on kinds of MISS, not under "Who does this surgery?".
    in_types = page.locator("section.section-classification + figure img.article-diagram")
    expect(in_types).to_have_count(1)
    expect(page.locator("section.section-care_team + figure")).to_have_count(0)
    assert_fits_the_screen(page)
    assert_accessible(page)


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=["-".join(p) for p in BOTH])
def test_the_glossary_popover_sits_by_the_word_and_closes(page, live_server, reader):
    language, _ = reader
    page.goto(live_server.url + ARTICLE[language])
    term = page.locator("button.glossary-term").first
    term.scroll_into_view_if_needed()
    term.click()
    popover = page.locator(f"#{term.get_attribute('popovertarget')}")
    expect(popover).to_be_visible()
    # It does not cover the word that opened it.
    word, card = term.bounding_box(), popover.bounding_box()
    overlaps = not (
        card["y"] >= word["y"] + word["height"]
        or card["y"] + card["height"] <= word["y"]
        or card["x"] >= word["x"] + word["width"]
        or card["x"] + card["width"] <= word["x"]
    )
    assert not overlaps, (word, card)
    assert_accessible(page)
    popover.get_by_role("button", name=re.compile(WORDS[language]["close"])).click()
    expect(popover).to_be_hidden()


@pytest.mark.parametrize("path", ["/", ARTICLE["en"], "/glossary/", "/warning-signs/", "/me/", "/faqs/"])
def test_text_reaches_seven_to_one_contrast(page, live_server, demo, path):
    """axe's AAA rule (color-contrast-enhanced): body text, grey notes, buttons and the red headings."""
    from tests.browser.conftest import AXE

    log_in(page, live_server, "patient@example.com")
    page.goto(live_server.url + path)
    page.evaluate(AXE.read_text())
    failures = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}}))"
        ".violations.flatMap(v => v.nodes.map(n => n.target.join(' ')))"
    )
    assert failures == []
