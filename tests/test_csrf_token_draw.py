"""The CSRF token of cached pages (portal/csrf.py) is Django's kind of token, drawn in one read:
Django's own check accepts it, each page gets a fresh mask, and a browser without the cookie gets
a new secret and the cookie."""

import collections
import re

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CSRF_TOKEN_LENGTH, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import csrf
from tests.factories import ArticleFactory, PatientFactory


def test_a_token_unmasks_to_the_cookies_secret_with_a_fresh_mask_each_time():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret = "a1B2" * 8
    first, second = csrf.get_token(request), csrf.get_token(request)
    assert len(first) == CSRF_TOKEN_LENGTH
    assert set(first) <= set(CSRF_ALLOWED_CHARS)
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_browser_without_the_cookie_gets_a_new_secret():
    request = RequestFactory().get("/")
    token = csrf.get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH
    assert _unmask_cipher_token(token) == secret


def test_every_character_is_drawn_about_equally_often():
    counts = collections.Counter("".join(csrf.random_string(64) for _ in range(2000)))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 2000 * 64 / len(CSRF_ALLOWED_CHARS)  # ~2,065 each
    # A modulo bias would give the first 8 characters 25% more; chance alone stays within ~10%.
    assert all(abs(count - expected) < 0.12 * expected for count in counts.values())


def test_a_cached_article_pages_token_passes_djangos_check(db, django_capture_on_commit_callbacks):
    patient = PatientFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(patient)
    url = article.get_absolute_url()
    browser.get(url)  # the first view renders and keeps the page
    response = browser.get(url)  # this one is put together from the kept page
    assert settings.CSRF_COOKIE_NAME in response.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    posted = browser.post(reverse("care:bookmark_article", args=[article.slug]), {"csrfmiddlewaretoken": token})
    assert posted.status_code == 302
    refused = browser.post(reverse("care:bookmark_article", args=[article.slug]), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
