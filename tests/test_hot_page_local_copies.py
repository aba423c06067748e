"""Each process keeps its own copy of the cached pages it served (portal/hot_page.py): the session's
one Redis round trip does not send those pages back while the content version is the one they
were made from, and a publish puts every process's copies out of use at once. Two processes are
simulated by keeping or emptying this process's copies."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from redis.connection import AbstractConnection
from redis.exceptions import ConnectionError as RedisConnectionError

from portal import hot_page
from tests.factories import ArticleFactory, FAQFactory, SectionFactory
from tests.test_user_cache_warm import RedisRoundTrips, redis_cache  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_cache")]


@pytest.fixture
def article():
    article = ArticleFactory(title="Back Surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="", body="Discs wear out.", order=1)
    FAQFactory(article=article, question="Does it hurt?", answer="A little.")
    return article


@pytest.fixture
def reader(patient):
    client = Client()
    client.force_login(patient)
    return client


def _pages(article) -> list[str]:
    return [article.get_absolute_url(), reverse("education:article_list"), reverse("education:faq_list")]


def _page_keys() -> list[str]:
    return [key for key in hot_page._local.pages if "hot-page" in key]


class ScriptReplies:
    """The replies of the session's script (portal/cache.py, read_for_request), as sent by Redis."""

    def __init__(self, monkeypatch):
        self.replies = []
        cache = caches["default"]
        script = cache._read_script()
        original = type(script).__call__

        def spied(this, *args, **kwargs):
            reply = original(this, *args, **kwargs)
            self.replies.append(reply)
            return reply

        monkeypatch.setattr(type(script), "__call__", spied)

    def page_bytes(self) -> int:
        return sum(len(value) for reply in self.replies for value in reply if isinstance(value, bytes))


def test_a_warm_page_comes_from_this_process_and_not_from_redis(reader, article, monkeypatch):
    for url in _pages(article):
        reader.get(url)
        reader.get(url)
        replies = ScriptReplies(monkeypatch)
        trips = RedisRoundTrips(monkeypatch)
        response = reader.get(url)
        assert response.status_code == 200
        assert response.templates == []
        assert "Back Surgery" in response.text
        assert trips.count == 1, url
        # the session, the user and the reader's parts come back; the page (several KB) does not
        assert replies.page_bytes() < 2000, url
        assert 1 in replies.replies[0]  # the script's word for "the process holds it, still current"
        monkeypatch.undo()


def test_a_fresh_process_gets_the_page_from_redis_in_the_one_round_trip(reader, article, monkeypatch):
    url = article.get_absolute_url()
    reader.get(url)
    reader.get(url)
    hot_page.forget_local_copies()  # another process: nothing of its own yet
    trips = RedisRoundTrips(monkeypatch)
    response = reader.get(url)
    assert response.templates == []  # not rendered: the page came with the session
    assert "Discs wear out." in response.text
    assert trips.count == 1
    assert _page_keys()  # and it keeps its own copy from now on


def test_a_publish_puts_every_processs_copy_out_of_use_at_once(reader, article, monkeypatch):
    pages = _pages(article)
    for url in pages:
        reader.get(url)
        reader.get(url)
    first_process = dict(hot_page._local.pages)
    assert len(first_process) == 3
    section = article.sections.get()
    section.body = "Discs heal slowly."
    section.save()  # bumps the content version (education/signals.py)
    faq = article.faqs.get()
    faq.question = "Will it hurt afterwards?"
    faq.save()
    # A second process serves the new pages first and puts them in Redis.
    hot_page.forget_local_copies()
    assert "Discs heal slowly." in reader.get(pages[0]).text
    assert "Will it hurt afterwards?" in reader.get(pages[2]).text
    # The first process still holds the old pages: it must not serve them.
    hot_page.forget_local_copies()
    for key, page in first_process.items():
        hot_page._local.pages[key] = page
        hot_page._local.views.add(":".join(key.rsplit(":", 2)[1:]))
    trips = RedisRoundTrips(monkeypatch)
    html = reader.get(pages[0]).text
    assert "Discs heal slowly." in html
    assert "Discs wear out." not in html
    assert trips.count == 1  # the new page came with the session, as the old one was not current
    assert "Will it hurt afterwards?" in reader.get(pages[2]).text


def test_with_redis_down_no_copy_is_used(reader, article, monkeypatch):
    """No content version can be read, so no copy can be known to be current: pages are rendered."""
    url = article.get_absolute_url()
    reader.get(url)
    reader.get(url)
    assert _page_keys()
    cache = caches["default"]

    def down(*args, **kwargs):
        raise RedisConnectionError("Redis is down")

    monkeypatch.setattr(AbstractConnection, "connect", down)
    cache._cache.get_client(write=True).connection_pool.disconnect()
    try:
        section = article.sections.get()
        section.body = "Discs heal slowly."
        section.save()  # the version cannot be bumped in Redis
        response = reader.get(url)
        assert response.status_code == 200
        assert response.templates  # rendered, not a kept copy
        assert "Discs heal slowly." in response.text
    finally:
        # Forget the outage: recovering would empty the shared test database (FLUSHDB).
        cache._outage.since = None
        cache._outage.retry_at = 0.0


def test_the_copies_stay_within_their_bytes(reader, article, settings):
    pages = _pages(article)
    for url in pages:
        reader.get(url)
    sizes = {key.split(":")[-3]: page.size for key, page in hot_page._local.pages.items()}
    assert len(sizes) == 3
    settings.HOT_PAGE_LOCAL_BYTES = min(sizes.values()) + 10  # room for one page
    for url in pages:
        reader.get(url)
    assert hot_page._local.size <= settings.HOT_PAGE_LOCAL_BYTES
    kept = _page_keys()
    assert len(kept) <= 1
    assert not any("back-surgery" in key for key in kept)  # the least recently used went first
    settings.HOT_PAGE_LOCAL_BYTES = 0  # none
    reader.get(pages[0])
    reader.get(pages[0])
    assert not hot_page._local.pages
