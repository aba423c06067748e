"""My page from the cache (care/my_page_cache.py): no query on a hit, one cache round trip with Redis,
one query on a miss, a fresh CSRF token on every read, and a Redis outage costs speed only."""

import re
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from care.my_page_cache import CSRF_PLACEHOLDER, my_page_changed
from tests.factories import AssignmentFactory, FAQFactory
from tests.test_redis_cache_client import redis_up
from tests.test_user_cache_warm import RedisRoundTrips

MY_PAGE = reverse("care:my_page")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A miss: the steps, the reading list, bookmarks, surgeons, saved estimates and due questionnaires, in one query.
MISS_QUERIES = 1


def test_a_warm_my_page_takes_no_query(patient_client, patient, django_assert_num_queries):
    AssignmentFactory(patient=patient, article__title="Stored reading")
    patient_client.get(MY_PAGE)  # who is asking, then the page, into the cache
    with django_assert_num_queries(0):
        assert "Stored reading" in patient_client.get(MY_PAGE).text


def test_a_miss_reads_the_whole_page_in_one_query(patient_client, patient, django_assert_num_queries):
    AssignmentFactory(patient=patient, article__title="Stored reading")
    patient_client.get(MY_PAGE)
    my_page_changed(patient.pk)
    with django_assert_num_queries(MISS_QUERIES):
        assert "Stored reading" in patient_client.get(MY_PAGE).text
    with django_assert_num_queries(0):
        patient_client.get(MY_PAGE)


def test_every_read_gets_a_working_csrf_token_never_the_placeholder(patient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    faq = FAQFactory(question="Kept with a token?")
    client.get(MY_PAGE)
    page = client.get(MY_PAGE).text  # from the cache
    assert CSRF_PLACEHOLDER not in page
    tokens = set(TOKEN.findall(page))
    assert len(tokens) == 1
    response = client.post(reverse("care:bookmark_faq", args=[faq.pk]), {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    client.get(reverse("home"))  # shows the "saved" message
    assert "Kept with a token?" in client.get(MY_PAGE).text


def test_a_page_with_a_query_string_or_a_message_is_not_stored(patient_client, patient, django_assert_num_queries):
    patient_client.get(MY_PAGE, {"from": "email"})
    with django_assert_num_queries(MISS_QUERIES):
        page = patient_client.get(MY_PAGE).text
    assert "from=email" not in page


# With Redis --------------------------------------------------------------------------------------


def redis_cache_at(settings, location: str):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-my-page-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
    return caches["default"]


def test_with_redis_a_warm_my_page_is_three_round_trips_and_no_query(
    settings, client, patient, monkeypatch, django_assert_num_queries
):
    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    redis_cache_at(settings, "redis://127.0.0.1:6379/12")
    AssignmentFactory(patient=patient, article__title="Stored reading")
    client.force_login(patient)
    client.get(MY_PAGE)
    client.get(MY_PAGE)
    trips = RedisRoundTrips(monkeypatch)
    with django_assert_num_queries(0):
        assert "Stored reading" in client.get(MY_PAGE).text
    # the session, the user, then the page with its two stamps (one MGET)
    assert trips.count == 3


def test_with_redis_down_my_page_is_read_from_the_database(settings, client, patient):
    redis_cache_at(settings, "redis://127.0.0.1:1/0")  # nothing listens there
    AssignmentFactory(patient=patient, article__title="Read without a cache")
    client.force_login(patient)
    for _ in range(2):
        response = client.get(MY_PAGE)
        assert response.status_code == 200
        assert "Read without a cache" in response.text
        assert CSRF_PLACEHOLDER not in response.text
