"""An editor changes the published MISS article; patients keep reading the approved text
everywhere until a reviewer, who sees the change, publishes it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from education.models import Article
from tests.browser.conftest import log_in, log_in_staff
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.browser

NEW_SENTENCE = "A new sentence from the editor."


def test_patients_keep_the_approved_text_until_the_reviewer_publishes_the_change(browser, live_server, demo):
    article = Article.all_objects.get(slug="minimally-invasive-spine-surgery")
    AssignmentFactory(patient=demo["patient"], article=article)
    old_sentence = article.sections.order_by("order").first().body.split("\n")[0][:40]

    editor = browser.new_context().new_page()
    log_in_staff(editor, live_server, demo["editor"])
    editor.goto(f"{live_server.url}/admin/education/article/{article.pk}/change/")
    editor.get_by_role("link", name="Change this article (start a draft)").click()
    expect(editor.get_by_text("This is a draft of")).to_be_visible()
    # Every part folded to its heading: the form fits the screen's width and is no wall of text.
    width, height = editor.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    print(f"article form at 1280 px: {width} x {height} px")
    assert width <= 1280
    # 26,000 px before the parts folded; about 8,500 px now, with the content checks on top.
    assert height < 10_000
    editor.locator("#sections-0 details.inline-part > summary").click()
    body = editor.locator("textarea[name='sections-0-body']")
    body.fill(body.input_value() + f"\n\n{NEW_SENTENCE}")
    editor.locator("input[name='_submit_for_review']").click()
    expect(editor.get_by_text("Patients keep reading the published version until then.")).to_be_visible()
    article.refresh_from_db()
    assert NEW_SENTENCE in article.latest_revision.content["sections"][0]["body"]  # a revision, no rows
    assert Article.all_objects.filter(title=article.title).count() == 1

    patient = browser.new_context().new_page()
    log_in(patient, live_server, "patient@example.com")
    patient.goto(live_server.url + article.get_absolute_url())
    expect(patient.get_by_text(old_sentence).first).to_be_visible()
    expect(patient.get_by_text(NEW_SENTENCE)).to_have_count(0)
    for name, words in [
        ("education:article_list", article.title),
        ("care:my_page", article.title),
        ("education:faq_list", article.faqs.first().question),
        ("education:warning_sign_guide", article.warning_signs.first().text),
    ]:
        patient.goto(live_server.url + reverse(name))
        expect(patient.get_by_text(words).first).to_be_attached()  # a question's answer may be folded
    for path, words in [("/search/?q=spine+surgery", article.title)]:
        patient.goto(live_server.url + path)
        expect(patient.get_by_text(words).first).to_be_visible()

    reviewer = browser.new_context().new_page()
    log_in_staff(reviewer, live_server, demo["reviewer"])
    reviewer.goto(f"{live_server.url}/admin/")
    reviewer.locator("#waiting-for-review").get_by_role("link", name=article.title).click()
    expect(reviewer.locator(".review-text ins", has_text=NEW_SENTENCE)).to_be_visible()
    reviewer.get_by_role("button", name="Publish").first.click()  # at the top of the page and at the bottom
    expect(reviewer.get_by_text("Published. Patients can read it now.")).to_be_visible()

    patient.goto(live_server.url + article.get_absolute_url())
    expect(patient.get_by_text(NEW_SENTENCE)).to_be_visible()
