"""Patient pages buffer what they record (portal/events.py): no query on the page, written in
batches by `insights_flush`; when Redis is down the event is written at once, or dropped and counted;
never a 500, and the words searched never reach a URL or the log."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from insights.models import HelpfulVote, SearchEvent, SectionRead
from insights.services import events_flush
from portal import events
from tests.factories import ArticleFactory, SectionFactory


def test_a_search_is_buffered_then_written_by_the_flush_command(patient_client, patient):
    ArticleFactory(title="Driving after spine surgery")
    response = patient_client.get(reverse("education:search"), {"q": "  Driving  AFTER surgery ana@example.com "})
    assert response.status_code == 200
    assert not SearchEvent.objects.exists()  # buffered, not written by the page
    token = response.context_data["search_token"]
    assert f'data-search="{token}"' in response.text

    out = StringIO()
    call_command("insights_flush", stdout=out)

    search = SearchEvent.objects.get()
    assert (search.patient, search.query, search.opened) == (patient, "driving after surgery", False)
    assert str(search.token) == token
    assert "Wrote 1 events." in out.getvalue()


def test_opening_a_result_is_sent_by_token_and_marks_the_search(patient_client, patient):
    token = patient_client.get(reverse("education:search"), {"q": "walking"}).context_data["search_token"]
    response = patient_client.post(reverse("insights:search_opened"), {"search": token})
    assert response.status_code == 204
    assert "walking" not in reverse("insights:search_opened")

    events_flush()

    assert SearchEvent.objects.get().opened is True


def test_another_patients_token_does_not_mark_their_search(client, patient_client, patient, other_patient):
    token = patient_client.get(reverse("education:search"), {"q": "walking"}).context_data["search_token"]
    client.force_login(other_patient)
    client.post(reverse("insights:search_opened"), {"search": token})
    events_flush()
    assert SearchEvent.objects.get().opened is False


def test_a_section_read_beacon_is_buffered(patient_client, patient):
    article = ArticleFactory()
    section = SectionFactory(article=article)
    response = patient_client.post(reverse("insights:section_read"), {"article": article.pk, "section": section.key})
    assert response.status_code == 204
    assert not SectionRead.objects.exists()
    events_flush()
    read = SectionRead.objects.get()
    assert (read.patient, read.article, read.section_key) == (patient, article, section.key)


@pytest.mark.parametrize("data", [{}, {"article": "x", "section": "y"}, {"article": 1, "section": "not-a-uuid"}])
def test_a_bad_beacon_is_refused_with_400(patient_client, data):
    assert patient_client.post(reverse("insights:section_read"), data).status_code == 400
    assert patient_client.post(reverse("insights:search_opened"), data).status_code == 400


def test_beacons_need_a_post(patient_client):
    assert patient_client.get(reverse("insights:section_read")).status_code == 405


def test_staff_searches_are_not_recorded(client, editor):
    client.force_login(editor)
    client.get(reverse("education:search"), {"q": "walking"})
    assert events.drain() == []


def test_events_for_a_deleted_article_or_malformed_events_are_skipped(patient):
    events.record_event(
        "section_read", patient=patient.pk, article=999999, section="5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f"
    )
    events.record_event("helpful", patient=patient.pk, part="section")  # no key
    assert events_flush() == 2
    assert not SectionRead.objects.exists()
    assert not HelpfulVote.objects.exists()


class DownRedis:
    """A cache whose Redis is unreachable: list_push and list_push_unanswered answer False
    (portal.cache.DegradingRedisCache)."""

    def list_push(self, key, *values):
        return False

    def list_push_unanswered(self, key, *values):
        return False

    def list_pop(self, key, count):
        return []


def test_when_redis_is_down_the_event_is_written_at_once(patient_client, patient, monkeypatch):
    monkeypatch.setattr(events, "caches", {"default": DownRedis()})
    article = ArticleFactory()
    section = SectionFactory(article=article)
    response = patient_client.post(reverse("insights:section_read"), {"article": article.pk, "section": section.key})
    assert response.status_code == 204
    assert SectionRead.objects.filter(patient=patient).count() == 1


def test_when_nothing_can_store_it_the_event_is_dropped_and_counted_never_a_500(patient_client, monkeypatch, caplog):
    monkeypatch.setattr(events, "caches", {"default": DownRedis()})
    monkeypatch.setattr(events, "_direct_writers", [lambda batch: 1 / 0])
    monkeypatch.setattr(events, "_dropped", 0)
    with caplog.at_level(logging.WARNING):
        response = patient_client.get(reverse("education:search"), {"q": "my secret words"})
    assert response.status_code == 200
    assert events.dropped_count() == 1
    assert "my secret words" not in caplog.text


def test_the_words_searched_never_reach_the_log(patient_client, caplog):
    with caplog.at_level(logging.DEBUG):
        patient_client.get(reverse("education:search"), {"q": "embarrassing words"})
        events_flush()
    assert "embarrassing words" not in caplog.text


def test_recording_adds_no_query_to_the_patient_pages(patient_client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory()
    section = SectionFactory(article=article)
    url = reverse("education:search")
    patient_client.get(url, {"q": "spine"})
    with CaptureQueriesContext(connection) as recorded:
        patient_client.get(url, {"q": "spine"})
    with CaptureQueriesContext(connection) as posted:
        patient_client.post(reverse("insights:section_read"), {"article": article.pk, "section": section.key})
        patient_client.post(reverse("insights:helpful"), {"part": "section", "key": section.key, "helpful": "no"})
    monkeypatch.setattr(events, "record", lambda *args, **kwargs: None)
    with CaptureQueriesContext(connection) as silent:
        patient_client.get(url, {"q": "spine"})

    assert len(events.drain()) == 4  # two searches, a read, a vote: all waiting in the buffer
    assert len(recorded.captured_queries) == len(silent.captured_queries)
    assert not any("insights_" in query["sql"] for query in recorded.captured_queries + posted.captured_queries)
