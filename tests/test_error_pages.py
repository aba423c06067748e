"""Custom 400, 403, 404, 500 and 503 pages in the portal's style, without stack traces."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.urls_faults")


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


@pytest.fixture
def browser(production):
    return Client(raise_request_exception=False)


def test_an_unknown_address_gets_the_portals_404(browser, patient):
    browser.force_login(patient)
    response = browser.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Go to the home page" in response.text


def test_a_refused_admin_page_gets_the_portals_403(browser, editor, verified_login):
    verified_login(browser, editor)
    response = browser.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 403
    assert "This page is not for your account" in response.text


def test_a_bad_host_gets_the_portals_400(browser):
    response = browser.get(reverse("login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Something in the request was wrong" in response.text


def test_a_bug_gets_the_portals_500_without_a_trace(browser, patient):
    browser.force_login(patient)
    response = browser.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Traceback" not in response.text
    assert "secret detail" not in response.text


def test_an_unreachable_database_gets_503_temporarily_unavailable(browser):
    response = browser.get("/database-down/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.text
    assert response["Retry-After"] == "30"
    assert "5432" not in response.text


def test_an_expired_form_gets_a_page_that_says_to_reload(production, patient):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": patient.email, "password": "whatever-it-is"})
    assert response.status_code == 403
    assert "This form has expired" in response.text


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_500_and_503_pages_need_neither_database_nor_request(name):
    # No db fixture: any query here would fail the test.
    html = loader.get_template(name).render()
    assert "Complete Orthopedics Spine Care" in html
    assert "In an emergency, call 911." in html
