"""The portal's LocaleMiddleware: Django's choice of language from the cookie and the browser, without
asking each request whether its path starts with a language code (the URL conf has no such prefixes)."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from portal.middleware import LocaleMiddleware


@pytest.mark.django_db
def test_an_open_page_answers_in_the_browsers_language_and_says_so(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_the_language_cookie_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "es"


def test_an_unknown_language_falls_back_to_the_sites_own():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="xx")
    response = LocaleMiddleware(lambda request: HttpResponse())(request)

    assert request.LANGUAGE_CODE == settings.LANGUAGE_CODE
    assert response["Content-Language"] == settings.LANGUAGE_CODE
    translation.activate(settings.LANGUAGE_CODE)


@override_settings(ROOT_URLCONF="tests.urls_with_language_prefixes")
def test_it_refuses_a_url_conf_with_language_prefixes():
    with pytest.raises(ImproperlyConfigured, match="i18n_patterns"):
        LocaleMiddleware(lambda request: HttpResponse())
