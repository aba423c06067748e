"""The CSRF token of cached pages (portal/csrf.py) is Django's kind of token, drawn in one read:
Django's own check accepts it, each page gets a fresh mask, a browser without the cookie gets a
new secret and the cookie, and a browser with it is not sent it again."""

import collections
import re

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CSRF_TOKEN_LENGTH, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import csrf
from tests.factories import PASSWORD, ArticleFactory, PatientFactory


def test_a_token_unmasks_to_the_cookies_secret_with_a_fresh_mask_each_time():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret = "a1B2" * 8
    first, second = csrf.get_token(request), csrf.get_token(request)
    assert len(first) == CSRF_TOKEN_LENGTH
    assert set(first) <= set(CSRF_ALLOWED_CHARS)
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META  # the browser has it: not sent again


def test_a_browser_without_the_cookie_gets_a_new_secret():
    request = RequestFactory().get("/")
    token = csrf.get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


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
    first = browser.get(url)  # the first view renders and keeps the page
    assert settings.CSRF_COOKIE_NAME in first.cookies  # a new secret for this browser
    response = browser.get(url)  # this one is put together from the kept page
    assert settings.CSRF_COOKIE_NAME not in response.cookies  # the browser has it: not sent again
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    posted = browser.post(reverse("care:bookmark_article", args=[article.slug]), {"csrfmiddlewaretoken": token})
    assert posted.status_code == 302
    refused = browser.post(reverse("care:bookmark_article", args=[article.slug]), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_a_new_secret_after_login_reaches_the_browser_and_its_token_passes(db, django_capture_on_commit_callbacks):
    """Logging in rotates the secret (Django's rotate_token): the new one is sent, and a form of the
    next cached page, whose token masks it, is accepted."""
    patient = PatientFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory()
    browser = Client(enforce_csrf_checks=True)
    login_page = browser.get(reverse("login"))
    before = login_page.cookies[settings.CSRF_COOKIE_NAME].value
    login_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    logged_in = browser.post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD, "csrfmiddlewaretoken": login_token},
    )
    assert logged_in.status_code == 302
    after = logged_in.cookies[settings.CSRF_COOKIE_NAME].value
    assert after != before
    url = article.get_absolute_url()
    browser.get(url)
    page = browser.get(url)  # put together from the kept page, with the rotated secret's token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    assert _unmask_cipher_token(token) == after
    posted = browser.post(reverse("care:bookmark_article", args=[article.slug]), {"csrfmiddlewaretoken": token})
    assert posted.status_code == 302
