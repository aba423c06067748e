"""The demo patient answers the pre-op questionnaires on a phone, sees the chart, then the 6-week change;
the surgeon's page counts the patient."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from care import demo as care_demo
from care.models import PatientPathway
from education.models import Surgeon
from outcomes import demo as outcomes_demo
from outcomes.models import Response
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen, log_in, log_in_staff
from tests.factories import surgeon_cares_for

pytestmark = pytest.mark.browser


def answer(page, live_server, name, values, *, check=False):
    """Open a due questionnaire from My page, pick one value per screen, review and send; a one-question
    questionnaire is answered and sent on one screen."""
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name=f"Answer: {name}").click()
    if len(values) == 1:
        page.locator("label.answer-choice").filter(has_text=re.compile(rf"^\s*{values[0]}( –.*)?\s*$")).click()
        if check:
            assert_fits_the_screen(page)
            assert_accessible(page)
            box = page.locator("label.answer-choice").first.bounding_box()
            assert box["height"] >= 44, "answer tap targets are at least 44 px high"
        page.get_by_role("button", name="Send my answer").click()
        expect(page.get_by_text("Your answer is sent to your care team.")).to_be_visible()
        return
    page.get_by_role("button", name="Start").click()
    for number, value in enumerate(values, start=1):
        expect(page.get_by_text(f"Question {number} of {len(values)}")).to_be_visible()
        page.locator("label.answer-choice").filter(has_text=re.compile(rf"^\s*{value}( –.*)?\s*$")).click()
        if check and number == 1:
            assert_fits_the_screen(page)
            assert_accessible(page)
            box = page.locator("label.answer-choice").first.bounding_box()
            assert box["height"] >= 44, "answer tap targets are at least 44 px high"
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    if check:
        assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Your answers are sent to your care team.")).to_be_visible()


def test_patient_answers_before_and_after_surgery_and_the_surgeon_sees_it(page, live_server, demo):
    care_demo.pathway_load(patient_email="patient@example.com", reviewer_email="reviewer@example.com")
    outcomes_demo.schedule_load(patient_email="patient@example.com")
    surgeon = Surgeon.objects.get(user=demo["reviewer"])
    surgeon_cares_for(patient=demo["patient"], surgeon=surgeon)

    page.set_viewport_size(PHONE)
    log_in(page, live_server, "patient@example.com")
    answer(page, live_server, "Leg pain (0–10)", [7], check=True)
    answer(page, live_server, "Back pain (0–10)", [6])
    answer(page, live_server, "PEG three-item pain scale", [7, 6, 6])

    expect(page.get_by_role("heading", name="Your scores")).to_be_visible()
    expect(page.locator("svg.score-chart")).to_have_count(3)
    expect(page.get_by_role("table").first).to_be_visible()
    assert_fits_the_screen(page)
    assert_accessible(page)

    # Six weeks after surgery (the surgery date moves back, as time would): the 6-week set is due.
    PatientPathway.objects.filter(patient=demo["patient"]).update(
        surgery_date=timezone.localdate() - timedelta(days=42)
    )
    answer(page, live_server, "Leg pain (0–10)", [2])
    expect(page.get_by_text("Your leg pain is 5 points lower than before surgery.")).to_be_visible()
    assert page.locator("#scores-nrs-leg ~ svg circle, section:has(#scores-nrs-leg) svg circle").count() == 2
    assert_accessible(page)
    assert Response.objects.filter(patient=demo["patient"], status="sent").count() == 4

    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Log out").click()
    log_in_staff(page, live_server, demo["reviewer"])
    page.goto(f"{live_server.url}/admin/outcomes/response/summary/?surgeon={surgeon.pk}")
    row = page.locator("#outcomes-summary tbody tr").filter(has_text="Leg pain (0–10)").filter(has_text="6 weeks after")
    expect(row.locator("td").nth(2)).to_have_text("1")  # answered
    expect(row.locator("td").nth(4)).to_have_text("-5.0")  # median change
    expect(row.locator("td").nth(5)).to_contain_text("100% (1 of 1)")
    assert_accessible(page)
