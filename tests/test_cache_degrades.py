"""With Redis unreachable the cache answers "missing": pages, sessions and limits keep working.

These tests point the cache at a port where nothing listens (connection
refused, as when Redis is stopped). The real stop-and-restart under gunicorn
is in tests/test_security_redis_outage.py.
"""

import logging
import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from portal.cache import DegradingRedisCache
from tests.factories import ArticleFactory


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def unreachable_redis(settings):
    location = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "RETRY_AFTER": 60},
        }
    }
    # Django's setting_changed receiver starts the cache handler afresh with these settings.
    return caches["default"]


def test_every_call_answers_missing_when_redis_is_unreachable(unreachable_redis):
    cache = unreachable_redis
    assert isinstance(cache, DegradingRedisCache)
    assert cache.get("k", "default") == "default"
    assert cache.set("k", "v") is None
    assert cache.add("k", "v") is False
    assert cache.get_or_set("k", "computed") == "computed"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")
    assert cache.is_degraded


def test_one_warning_per_outage_not_one_per_call(unreachable_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(20):
            unreachable_redis.get("k")
    warnings = [record for record in caplog.records if record.name == "portal.cache"]
    assert len(warnings) == 1
    assert "Cache unreachable" in warnings[0].getMessage()


@pytest.mark.django_db
def test_a_logged_in_patient_reads_pages_while_redis_is_down(client, patient, schedule, unreachable_redis):
    article = ArticleFactory(status="published")
    client.force_login(patient)  # the session is written to the database only
    assert client.get(reverse("education:article_detail", args=[article.slug])).status_code == 200
    assert client.get(reverse("care:my_page")).status_code == 200
    assert client.get(reverse("education:faq_list")).status_code == 200
    assert client.get("/api/estimate", {"procedure": "63030", "coverage": "medicare"}).status_code == 200
    assert client.get(reverse("care:my_page")).context["user"] == patient


@pytest.mark.django_db
def test_healthz_still_names_the_cache_as_failed(client, unreachable_redis):
    response = client.get("/healthz")
    assert (response.status_code, response.json()["cache"]) == (503, "failed")
