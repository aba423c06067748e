"""The middleware stack costs little: open views never load the session or the user, and the
Content Security Policy header is the same text django-csp builds, without building it each time."""

import csp.utils
from django.test import RequestFactory, override_settings
from django.urls import reverse

from portal.middleware import CSPMiddleware


def test_the_floor_reads_neither_the_session_nor_the_user(patient_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = patient_client.get(reverse("benchmark_floor"))
    assert response.status_code == 200
    assert response.wsgi_request.session.accessed is False


def test_pages_that_need_a_login_still_use_the_patients_language(patient_client, patient):
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    assert '<html lang="es">' in patient_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").text


def test_the_policy_header_is_the_one_django_csp_builds(patient_client):
    header = patient_client.get(reverse("home"))["Content-Security-Policy"]
    assert sorted(header.split("; ")) == sorted(csp.utils.build_policy().split("; "))
    assert "script-src 'self'" in header
    assert "nonce-" not in header


def test_a_nonce_used_by_a_page_still_reaches_the_header():
    request = RequestFactory().get("/")

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    response = CSPMiddleware(view)(request)
    assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]


def test_a_changed_policy_setting_is_used_at_once(patient_client, settings):
    patient_client.get(reverse("home"))
    policy = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        header = patient_client.get(reverse("home"))["Content-Security-Policy"]
    assert "img-src 'self';" in header + ";"
    assert "data:" not in header
