"""An editor changes a section in the admin and submits it; a reviewer publishes; the patient sees it."""

import pytest
from playwright.sync_api import expect

from education.models import Article
from tests.browser.conftest import log_in, log_in_staff

pytestmark = pytest.mark.browser


def test_editor_submits_reviewer_publishes_patient_sees_the_change(browser, live_server, demo):
    article = Article.objects.get(slug="minimally-invasive-spine-surgery")
    change_url = f"{live_server.url}/admin/education/article/{article.pk}/change/"

    editor = browser.new_context().new_page()
    log_in_staff(editor, live_server, demo["editor"])
    editor.goto(change_url)
    body = editor.locator("textarea[name='sections-0-body']")
    body.fill(body.input_value() + "\n\nA new sentence from the editor.")
    editor.locator("input[name='_save']").click()
    expect(editor.get_by_text("back in review")).to_be_visible()

    reviewer = browser.new_context().new_page()
    log_in_staff(reviewer, live_server, demo["reviewer"])
    reviewer.goto(change_url)
    reviewer.locator("input[name='_publish']").click()
    expect(reviewer.get_by_text("Published. Patients can read it now.")).to_be_visible()

    patient = browser.new_context().new_page()
    log_in(patient, live_server, "patient@example.com")
    patient.goto(live_server.url + article.get_absolute_url())
    expect(patient.get_by_text("A new sentence from the editor.")).to_be_visible()
