"""Need to know in a real browser (issue 29): a nurse logs in with two-step login, enrols a patient
of her care team on a pathway, and cannot find a patient of another team by name or email."""

import pytest
from playwright.sync_api import expect

from care import demo as care_demo
from care.models import PatientPathway
from tests.browser.conftest import log_in_staff
from tests.factories import CareTeamFactory, PatientFactory, team_member

pytestmark = pytest.mark.browser


def search_patient(page, words):
    """Type in the enrolment form's patient search; the choices offered."""
    page.locator(".field-patient .select2-selection").click()
    with page.expect_response(lambda answer: "/admin/autocomplete/" in answer.url and "term=" in answer.url) as sent:
        page.locator(".select2-search__field").press_sequentially(words)
    assert sent.value.status == 200
    results = page.locator(".select2-results__option:not(.loading-results)")
    return results


def test_the_nurse_enrols_her_teams_patient_and_cannot_find_another_teams(page, live_server, demo):
    template = care_demo.pathway_template_load(reviewer=demo["reviewer"])
    team = CareTeamFactory(name="Dr. Vaksha's spine team")
    nurse = team_member(team=team, email="nurse@example.com", first_name="Nora")
    mia = PatientFactory(email="mia.mendez@example.com", first_name="Mia", last_name="Mendez", care_team=team)
    PatientFactory(
        email="olga.otero@example.com", first_name="Olga", last_name="Otero", care_team=CareTeamFactory(name="Pain")
    )

    log_in_staff(page, live_server, nurse)  # password, then the code from her authenticator app
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")  # verified: the admin opens, no code asked again

    page.goto(f"{live_server.url}/admin/care/patientpathway/add/")
    for words in ("Otero", "olga.otero@example.com"):
        results = search_patient(page, words)
        expect(results).to_have_count(1)
        expect(results.first).to_have_text("No results found")
        page.keyboard.press("Escape")

    search_patient(page, "Mendez").filter(has_text="Mia").first.click()
    page.get_by_label("Pathway").select_option(label=template.name)
    page.get_by_label("Planned surgery date").fill("2030-03-04")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert PatientPathway.objects.get(patient=mia).added_by == nurse

    # The people list does not find her either, by name or by email.
    for words in ("Otero", "olga.otero@example.com"):
        page.goto(f"{live_server.url}/admin/accounts/user/?q={words}")
        expect(page.locator("#result_list")).to_have_count(0)
        expect(page.get_by_text("Olga")).to_have_count(0)
