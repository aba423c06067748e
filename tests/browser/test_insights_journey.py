"""Issue 34 in a real browser: a patient answers a teach-back question wrong and says a section did
not help; the editor sees both on the content insights page and opens the section from it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insights.models import HelpfulVote, SectionRead
from insights.services import events_flush
from portal.accounts.roles import Role
from tests.browser.conftest import assert_accessible, log_in, log_in_staff
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    PatientFactory,
    SectionFactory,
    TeachBackQuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def test_a_wrong_answer_and_an_unhelpful_section_reach_the_editor(browser, page, live_server, transactional_db):
    from tests.conftest import restore_migration_data

    restore_migration_data()  # the role groups
    patient = PatientFactory(email="pat@example.com", first_name="Pat")
    editor = UserFactory(email="editor@example.com", role=Role.EDITOR)
    article = ArticleFactory(title="Back surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="What it is", body="A short operation on the back.")
    SectionFactory(article=article, kind="recovery", heading="Recovery", body="Walk a little every day.", order=2)
    TeachBackQuestionFactory(
        article=article,
        question="What helps you heal?",
        section_anchor="recovery",
        options=[
            {"key": "walk", "text": "Walking a little every day", "correct": True, "why": "Walking helps."},
            {"key": "bed", "text": "Staying in bed all day", "correct": False, "why": "Bed rest slows healing."},
        ],
    )
    assignment = AssignmentFactory(patient=patient, article=article)

    # The patient answers the question wrong.
    log_in(page, live_server, patient.email)
    page.goto(live_server.url + reverse("care:teach_back", args=[assignment.pk]))
    page.get_by_label("Staying in bed all day").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("Bed rest slows healing.")).to_be_visible()

    # Then says the Recovery section did not help (one "no", sent in the background), and what was unclear.
    page.goto(live_server.url + article.get_absolute_url())
    recovery = page.locator("section#recovery")
    expect(recovery.get_by_label("What was unclear? (optional)")).to_have_count(0)  # only after a "no"
    recovery.get_by_role("button", name="No").click()
    box = recovery.get_by_label("What was unclear? (optional)")
    expect(box).to_be_focused()
    assert_accessible(page)
    box.fill("How far should I walk?")
    recovery.get_by_role("button", name="Send").click()
    expect(recovery.get_by_role("status")).to_contain_text("Thank you")
    expect(recovery.get_by_role("status")).to_be_focused()
    page.wait_for_timeout(300)  # the section-read beacons
    events_flush()  # what the cron's insights_flush does
    assert SectionRead.objects.filter(patient=patient, article=article).exists()  # the page's read beacon
    vote = HelpfulVote.objects.get(patient=patient)  # one answer: the words went with the "no"
    assert (vote.helpful, vote.unclear) == (False, "How far should I walk?")

    # The editor opens the insights from the admin home and sees both.
    staff = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True).new_page()
    log_in_staff(staff, live_server, editor)
    staff.goto(live_server.url + reverse("admin:index"))
    staff.get_by_role("link", name=re.compile("Content insights")).click()
    row = staff.locator("#teach-back-questions tbody tr").filter(has_text="What helps you heal?")
    expect(row).to_contain_text("0%")
    expect(row).to_contain_text("Staying in bed all day (1 time)")
    assert_accessible(staff)
    staff.locator("#insights-articles").get_by_role("link", name="Back surgery").click()
    part = staff.locator("#insights-parts tbody tr").filter(has_text="Recovery")
    expect(part.locator("td").nth(2)).to_have_text("1")  # helpful: no
    expect(staff.get_by_text("How far should I walk?")).to_have_count(0)  # editors see counts, not words
    assert_accessible(staff)

    # And opens the section the question points to.
    staff.locator("#teach-back-questions").get_by_role("link", name="Open the section").click()
    expect(staff).to_have_url(re.compile(r"/articles/back-surgery/#recovery$"))
    expect(staff.locator("section#recovery h2")).to_have_text("Recovery")
