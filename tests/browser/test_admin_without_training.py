"""Issue 34, the admin a busy editor or nurse uses without training: a draft in at most 3 clicks from the
admin home, the question about steps already due when enrolling a patient late, and the two-step page in
the admin's own language. axe-clean pages."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from care import demo as care_demo
from care.models import PatientPathway
from education.models import Article
from tests.browser.conftest import AXE, DESKTOP, assert_accessible, assert_fits_the_screen, log_in, log_in_staff

pytestmark = pytest.mark.browser

NEW_SUMMARY = "A shorter summary, changed by the editor."


def assert_accessible_but_djangos_widgets(page):
    """axe on the article form, leaving out two parts Django's admin draws itself: the two-box picker of
    body regions (its search icons) and the inline rows' "Delete?" boxes (named by their column only)."""
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run({exclude: [['.selector'], ['td.delete']]}, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)"
    )
    assert violations == [], f"{page.url}: {violations}"


def test_an_editor_changes_a_sentence_in_three_clicks_from_the_admin_home(page, live_server, demo):
    article = Article.all_objects.get(slug="minimally-invasive-spine-surgery")
    page.set_default_timeout(45_000)  # a busy machine
    log_in_staff(page, live_server, demo["editor"])
    page.goto(f"{live_server.url}/admin/")
    clicks = 0

    page.get_by_role("link", name="Articles", exact=True).first.click()
    clicks += 1
    expect(page.get_by_role("columnheader", name="Waiting since")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)

    row = page.locator("#result_list tbody tr").filter(has=page.get_by_role("link", name=article.title, exact=True))
    started = time.monotonic()
    row.get_by_role("link", name="Edit").click()
    clicks += 1
    print(f"Edit to the draft form: {time.monotonic() - started:.1f} s")
    expect(page.get_by_text("This is a draft of")).to_be_visible()
    print(f"clicks from the admin home to the draft form: {clicks}")
    # The draft form: no "Save and add another", and no red Delete (the published article stays).
    expect(page.locator("input[name='_addanother']")).to_have_count(0)
    expect(page.locator("a.deletelink")).to_have_count(0)
    # The warning-sign text is readable at 1280 px: its box is the widest column and the page does not scroll.
    text_box = page.locator("#warning_signs-group textarea").first.bounding_box()
    print(f"warning-sign text box at 1280 px: {text_box['width']:.0f} px wide")
    assert text_box["width"] >= 400
    assert_fits_the_screen(page)
    assert_accessible_but_djangos_widgets(page)

    page.get_by_label("Summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save", exact=True).click()
    clicks += 1
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert clicks <= 3
    article.refresh_from_db()
    assert article.latest_revision.content["summary"] == NEW_SUMMARY  # the draft is a revision
    assert article.summary != NEW_SUMMARY  # patients keep the published text
    # Once saved, the draft can be thrown away ("Discard draft" instead of the red Delete).
    page.goto(f"{live_server.url}/admin/education/article/{article.pk}/draft/")
    expect(page.get_by_role("link", name="Discard draft")).to_be_visible()


def test_staff_enrolling_a_late_patient_are_asked_about_the_due_steps(page, live_server, demo):
    care_demo.pathway_template_load(reviewer=demo["reviewer"])
    surgery = timezone.localdate() + timedelta(days=10)  # the first steps (4 and 2 weeks before) are due
    log_in_staff(page, live_server, demo["reviewer"])
    page.goto(f"{live_server.url}/admin/care/patientpathway/add/")
    page.locator(".field-patient .select2-selection").click()
    page.locator(".select2-search__field").fill("patient@example.com")
    page.locator(".select2-results__option").filter(has_text="Pat").first.click()
    page.get_by_label("Pathway").select_option(label="Minimally invasive spine surgery (MISS)")
    page.get_by_label("Planned surgery date").fill(surgery.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()

    question = page.locator("#due-steps-question")
    expect(question).to_contain_text("steps are already due: mark them done, move them, or keep them?")
    assert not PatientPathway.objects.exists()
    assert_accessible(page)
    page.get_by_label("Move them to today").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    pathway = PatientPathway.objects.get()
    assert not pathway.steps.filter(due_date__lt=timezone.localdate()).exists()

    # The step rows: a plain date once ("Mon 7 Dec"), no ISO label above each row.
    page.goto(f"{live_server.url}/admin/care/patientpathway/{pathway.pk}/change/")
    today = timezone.localdate()
    expect(page.locator("#steps-group")).not_to_contain_text(today.isoformat())
    expect(page.locator("#steps-group td.field-due").first).to_have_text(
        f"{today.strftime('%a')} {today.day} {today.strftime('%b')}"
    )
    assert_accessible(page)


def test_the_two_step_page_keeps_the_admins_language(browser, live_server, demo):
    editor = demo["editor"]
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    log_in_staff(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/")
    # The admin's own switch, in its header.
    page.locator("#admin-language-form").get_by_role("button", name="Español").click()
    expect(page.locator("#site-name")).to_be_visible()
    expect(page.get_by_role("heading", name="Sitio administrativo")).to_be_visible()
    # The patient site's switch back to English leaves the admin in Spanish.
    page.goto(f"{live_server.url}/")
    switch = page.locator(".language-switch")
    if switch.get_by_role("button", name="English").count():
        switch.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Sitio administrativo")).to_be_visible()
    context.close()

    # Next login: the two-step page is the admin's, in the admin's language.
    page = browser.new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    log_in(page, live_server, editor.email)
    expect(page.locator("#site-name")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Escriba su código")).to_be_visible()
    expect(page.locator(".language-switch")).to_have_count(0)  # no patient-site switch to trip over
    assert_accessible(page)
