"""Caregiver access in a real browser, on a phone and a desktop, in English and Spanish: the patient
invites; the caregiver makes an account from the emailed link, switches to the patient, ticks a
step, is refused a questionnaire; the patient stops sharing and the caregiver's next click is
refused. axe finds nothing on each page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from care import demo as care_demo
from care.models import CaregiverGrant, PatientPathway, PatientStep
from outcomes import demo as outcomes_demo
from outcomes.models import ScheduledInstrument
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LOCALES = {"en": "en-US", "es": "es-ES"}


def log_in(page, live_server, email, password=PASSWORD):
    """By field names, so it works in either language."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def check_page(page, language, size):
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    if size == PHONE:
        assert_fits_the_screen(page)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_patient_shares_caregiver_helps_then_patient_stops_it(browser, live_server, demo, language, size):
    patient_user = demo["patient"]
    patient_user.preferred_language = language
    patient_user.save()
    care_demo.pathway_load(patient_email=patient_user.email, reviewer_email=demo["reviewer"].email)
    outcomes_demo.schedule_load(patient_email=patient_user.email)
    pathway = PatientPathway.objects.get(patient=patient_user)
    questionnaire = ScheduledInstrument.objects.filter(template=pathway.template).first()
    task = PatientStep.objects.filter(pathway=pathway, step__kind="task", done_at__isnull=True).first()

    # The patient invites from My page.
    patient = browser.new_context(viewport=size, bypass_csp=True, locale=LOCALES[language]).new_page()
    log_in(patient, live_server, patient_user.email)
    patient.goto(f"{live_server.url}/me/")
    patient.locator("a[href='/me/sharing/']").click()
    check_page(patient, language, size)
    patient.locator("a[href='/me/sharing/new/']").click()
    patient.locator("#id_name").fill("Chris")
    patient.locator("#id_email").fill("chris@example.com")
    patient.locator("#id_may_tick_steps_and_mark_read").check()
    check_page(patient, language, size)
    patient.locator("main form button[type=submit]").click()
    expect(patient.locator(".caregiver-list")).to_contain_text("Chris")
    link = re.search(r"https?://\S+/caregiver/accept/\S+/", mail.outbox[-1].body).group(0)

    # The caregiver makes an account from the link and switches to the patient.
    caregiver = browser.new_context(viewport=size, bypass_csp=True, locale=LOCALES[language]).new_page()
    caregiver.goto(link)
    check_page(caregiver, language, size)
    caregiver.locator("#id_first_name").fill("Chris")
    caregiver.locator("#id_new_password1").fill("a long walk by the river")
    caregiver.locator("#id_new_password2").fill("a long walk by the river")
    caregiver.locator("main form button[type=submit]").click()
    expect(caregiver).to_have_url(re.compile("/me/caring/$"))
    check_page(caregiver, language, size)
    caregiver.locator(f"form[action='/me/caring/switch/'] input[value='{patient_user.pk}'] + button").click()
    expect(caregiver.locator(".caregiving-banner")).to_contain_text("Pat")
    check_page(caregiver, language, size)

    # Ticks a step for the patient: recorded as done by the caregiver.
    caregiver.locator(f"form[action='/me/steps/{task.pk}/done/'] button").click()
    expect(caregiver.locator(".messages .alert-success")).to_be_visible()
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.acted_by.email == "chris@example.com"

    # A questionnaire is the patient's own: refused.
    refused = caregiver.goto(f"{live_server.url}/me/questionnaires/{pathway.pk}/{questionnaire.pk}/")
    assert refused.status == 404

    # The patient sees what Chris did, and stops sharing (with "Are you sure?").
    patient.goto(f"{live_server.url}/me/sharing/")
    grant = CaregiverGrant.objects.get(email="chris@example.com")
    patient.locator(f"a[href='/me/sharing/{grant.pk}/']").click()
    expect(patient.locator(".caregiver-log li")).not_to_have_count(0)
    check_page(patient, language, size)
    patient.goto(f"{live_server.url}/me/sharing/")
    patient.locator(f"a[href='/me/sharing/{grant.pk}/end/']").click()
    check_page(patient, language, size)
    patient.locator("main form button[type=submit]").click()
    grant.refresh_from_db()
    assert grant.revoked_at is not None

    # The caregiver's next click for the patient is refused.
    assert caregiver.goto(f"{live_server.url}/me/").status == 404
    own = caregiver.goto(f"{live_server.url}/me/")
    assert own.status == 200
    expect(caregiver.locator(".caregiving-banner")).to_have_count(0)
