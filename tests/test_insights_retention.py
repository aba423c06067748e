"""Retention: records older than INSIGHTS_RETENTION_MONTHS become monthly counts and are deleted."""

import uuid
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from insights.models import HelpfulVote, MonthlyCount, SearchEvent, SectionRead
from insights.services import insights_expire
from tests.factories import ArticleFactory, PatientFactory, SectionFactory

NOW = timezone.make_aware(datetime(2026, 12, 7, 12))
OLD = timezone.make_aware(datetime(2025, 10, 15, 12))  # more than 12 months before NOW
RECENT = timezone.make_aware(datetime(2026, 6, 1, 12))


@pytest.fixture
def records(db):
    patient = PatientFactory()
    article = ArticleFactory()
    section = SectionFactory(article=article)
    for when in (OLD, OLD, RECENT):
        SectionRead.objects.create(patient=patient, article=article, section_key=section.key, created_at=when)
    HelpfulVote.objects.create(
        patient=patient, article=article, part="section", part_key=section.key, helpful=False,
        unclear="The word fusion", created_at=OLD,
    )  # fmt: skip
    HelpfulVote.objects.create(
        patient=patient, article=article, part="section", part_key=section.key, helpful=True, created_at=RECENT
    )
    SearchEvent.objects.create(patient=patient, query="drive", language="en", token=uuid.uuid4(), created_at=OLD)
    SearchEvent.objects.create(
        patient=patient, query="shower", language="en", results=3, token=uuid.uuid4(), created_at=OLD
    )
    return article, section


def test_old_records_are_counted_per_month_and_deleted(records):
    article, section = records

    deleted = insights_expire(now=NOW)

    assert deleted == {"section reads": 2, "helpful votes": 1, "searches": 2}
    assert SectionRead.objects.get().created_at == RECENT
    assert HelpfulVote.objects.get().created_at == RECENT
    assert not SearchEvent.objects.exists()
    counts = {(c.month.isoformat(), c.measure, c.article_id, c.part_key): c.count for c in MonthlyCount.objects.all()}
    assert counts == {
        ("2025-10-01", "read", article.pk, section.key): 2,
        ("2025-10-01", "helpful_no", article.pk, section.key): 1,
        ("2025-10-01", "search", None, None): 2,
        ("2025-10-01", "search_empty", None, None): 1,
        ("2025-10-01", "search_unopened", None, None): 1,
    }
    assert not HelpfulVote.objects.filter(unclear="The word fusion").exists()


def test_a_second_run_adds_to_the_months_counts(records):
    article, section = records
    insights_expire(now=NOW)
    SectionRead.objects.create(patient=PatientFactory(), article=article, section_key=section.key, created_at=OLD)

    insights_expire(now=NOW)

    assert MonthlyCount.objects.get(measure="read").count == 3


def test_the_retention_period_is_a_setting(records, settings):
    settings.INSIGHTS_RETENTION_MONTHS = 24
    assert insights_expire(now=NOW) == {"section reads": 0, "helpful votes": 0, "searches": 0}
    settings.INSIGHTS_RETENTION_MONTHS = 3
    assert insights_expire(now=NOW)["section reads"] == 3


def test_the_command_says_what_it_did(records, settings):
    settings.INSIGHTS_RETENTION_MONTHS = 1
    out = StringIO()
    call_command("insights_expire", stdout=out)
    assert "Older than 1 months: counted and deleted 3 section reads, 2 helpful votes, 2 searches." in out.getvalue()
