"""The buffer on a real Redis (skipped when none answers at 127.0.0.1:6379): pushed as a list,
drained in order in batches, and put back when a batch cannot be written."""

import time
import uuid

import pytest

from insights.models import SectionRead
from insights.services import events_flush
from portal import events
from tests.factories import ArticleFactory, SectionFactory


def test_events_wait_in_redis_and_are_written_in_batches(redis_buffer, patient, capsys):
    article = ArticleFactory()
    section = SectionFactory(article=article)
    for _ in range(2500):
        events.record_event("section_read", patient=patient.pk, article=article.pk, section=str(section.key))
    assert not SectionRead.objects.exists()

    started = time.perf_counter()
    assert events_flush(batch=1000) == 2500
    with capsys.disabled():
        print(f"\n2500 buffered events written in {time.perf_counter() - started:.2f} s")
    assert SectionRead.objects.count() == 2500
    assert events.drain() == []


def test_a_batch_that_fails_goes_back_to_redis(redis_buffer, patient, monkeypatch):
    events.record_event("search", patient=patient.pk, query="walk", language="en", results=1, token=str(uuid.uuid4()))

    def broken(batch):
        raise RuntimeError("database down")

    monkeypatch.setattr("insights.services.events_write", broken)
    with pytest.raises(RuntimeError):
        events_flush()
    assert [event["query"] for event in events.drain()] == ["walk"]
