"""Writing the records (in batches, from the buffer in portal/events.py), expiring them, and the
"Write an answer" FAQ draft."""

import logging
import re
import uuid
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from education.models import FAQ, Article
from insights.models import HelpfulVote, MonthlyCount, SearchEvent, SectionRead
from portal import events

logger = logging.getLogger(__name__)

# Kinds of event the patient pages buffer (portal.events.record).
SEARCH, SEARCH_OPENED, SECTION_READ, HELPFUL = "search", "search_opened", "section_read", "helpful"
# What was unclear, sent after a "no" (insights/views.py): the text of that "no", never another answer.
HELPFUL_UNCLEAR = "helpful_unclear"
UNCLEAR_WINDOW = timedelta(days=1)  # how long after a "no" its words may still be added
EMAIL = re.compile(r"\S+@\S+")
DIGITS = re.compile(r"\d+")
SPACES = re.compile(r"\s+")
UNCLEAR_MAX = 1000


def query_normalise(text: str) -> str:
    """Lower case, one space between words, e-mail addresses taken out (never a content question)."""
    return SPACES.sub(" ", EMAIL.sub(" ", text or "")).strip().lower()[:200]


def query_shown(text: str) -> str:
    """A search as staff see it: also without digits (a date of birth, a phone or record number)."""
    return SPACES.sub(" ", DIGITS.sub(" ", EMAIL.sub(" ", text or ""))).strip()


# Batches ----------------------------------------------------------------------------------------


def events_flush(*, batch: int = 1000) -> int:
    """Write everything buffered, `batch` events per transaction; returns how many were written."""
    written = 0
    while True:
        batch_events = events.drain(batch)
        if not batch_events:
            return written
        try:
            events_write(batch_events)
        except Exception:
            events.put_back(batch_events)
            raise
        written += len(batch_events)


def events_write(batch_events: list[dict]) -> None:
    """Write a batch of events: a few bulk inserts and one update, in one transaction. Events that
    name an article, patient or search that is gone are skipped."""
    searches, reads, votes, opened, texts = [], [], [], set(), []
    for event in batch_events:
        at = parse_datetime(event.get("at") or "") or timezone.now()
        kind = event.get("kind")
        try:
            if kind == SEARCH:
                searches.append(
                    SearchEvent(
                        patient_id=int(event["patient"]),
                        query=query_normalise(str(event["query"])),
                        language=str(event.get("language", ""))[:8],
                        results=max(0, int(event.get("results", 0))),
                        token=uuid.UUID(event["token"]),
                        created_at=at,
                    )
                )
            elif kind == SEARCH_OPENED:
                opened.add((int(event["patient"]), uuid.UUID(event["search"])))
            elif kind == SECTION_READ:
                reads.append(
                    SectionRead(
                        patient_id=int(event["patient"]),
                        article_id=int(event["article"]),
                        section_key=uuid.UUID(event["section"]),
                        created_at=at,
                    )
                )
            elif kind == HELPFUL:
                votes.append(
                    HelpfulVote(
                        patient_id=int(event["patient"]),
                        article_id=int(event["article"]) if event.get("article") else None,
                        part=event["part"],
                        part_key=uuid.UUID(event["key"]),
                        helpful=bool(event["helpful"]),
                        unclear=str(event.get("unclear", ""))[:UNCLEAR_MAX],
                        created_at=at,
                    )
                )
            elif kind == HELPFUL_UNCLEAR:
                text = str(event["unclear"])[:UNCLEAR_MAX].strip()
                if text:
                    texts.append((int(event["patient"]), uuid.UUID(event["key"]), text, at))
        except (KeyError, TypeError, ValueError):
            logger.warning("Skipped a malformed %s event.", kind)
    with transaction.atomic():
        patients = _existing("patient", searches + reads + votes)
        # Only articles patients may read now (the database refuses any other link, issue 26): a read of
        # an article taken off the portal between the page view and this flush is dropped.
        articles = set(
            Article.objects.filter(pk__in={r.article_id for r in reads + votes}).values_list("pk", flat=True)
        )
        SearchEvent.objects.bulk_create(
            [s for s in searches if s.patient_id in patients and s.query], batch_size=500, ignore_conflicts=True
        )
        SectionRead.objects.bulk_create(
            [r for r in reads if r.patient_id in patients and r.article_id in articles], batch_size=500
        )
        HelpfulVote.objects.bulk_create(
            [
                v
                for v in votes
                if v.patient_id in patients
                and (v.article_id is None or v.article_id in articles)
                and v.part in HelpfulVote.Part.values
            ],
            batch_size=500,
        )
        for patient_id, key, text, at in texts:
            _unclear_attach(patient_id=patient_id, key=key, text=text, at=at)
        if opened:
            condition = Q()
            for patient_id, token in opened:
                condition |= Q(patient_id=patient_id, token=token)
            SearchEvent.objects.filter(condition).update(opened=True)


def _unclear_attach(*, patient_id: int, key: uuid.UUID, text: str, at: datetime) -> None:
    """Words sent after a "no" become the text of that "no" (the patient's latest one on the part, from
    the day before, still without words): one update, and no new answer. Words with no such "no"
    (written already, expired, or never given) are dropped."""
    vote = (
        HelpfulVote.objects.filter(
            patient_id=patient_id, part_key=key, helpful=False, unclear="", created_at__range=(at - UNCLEAR_WINDOW, at)
        )
        .order_by("-created_at")
        .values("pk")[:1]
    )
    HelpfulVote.objects.filter(pk__in=Subquery(vote)).update(unclear=text)


def _existing(field: str, records: list) -> set[int]:
    from django.contrib.auth import get_user_model

    ids = {getattr(record, f"{field}_id") for record in records}
    return set(get_user_model().objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


# Retention --------------------------------------------------------------------------------------


def retention_cutoff(now: datetime | None = None) -> datetime:
    months = settings.INSIGHTS_RETENTION_MONTHS
    return (now or timezone.now()) - relativedelta(months=months)


@transaction.atomic
def insights_expire(*, now: datetime | None = None) -> dict[str, int]:
    """Fold records older than the retention period into monthly counts, then delete them.
    Returns how many rows of each kind were deleted."""
    cutoff = retention_cutoff(now)
    counts: dict[tuple, int] = {}

    def add(month: date, measure: str, article_id, part_key, count: int) -> None:
        key = (month, measure, article_id, part_key)
        counts[key] = counts.get(key, 0) + count

    old_reads = SectionRead.objects.filter(created_at__lt=cutoff)
    for row in (
        old_reads.annotate(m=TruncMonth("created_at")).values("m", "article_id", "section_key").annotate(n=Count("pk"))
    ):
        add(row["m"], MonthlyCount.Measure.READ, row["article_id"], row["section_key"], row["n"])
    old_votes = HelpfulVote.objects.filter(created_at__lt=cutoff)
    for row in (
        old_votes.annotate(m=TruncMonth("created_at"))
        .values("m", "article_id", "part_key", "helpful")
        .annotate(n=Count("pk"))
    ):
        measure = MonthlyCount.Measure.HELPFUL_YES if row["helpful"] else MonthlyCount.Measure.HELPFUL_NO
        add(row["m"], measure, row["article_id"], row["part_key"], row["n"])
    old_searches = SearchEvent.objects.filter(created_at__lt=cutoff)
    for row in (
        old_searches.annotate(m=TruncMonth("created_at"))
        .values("m")
        .annotate(
            n=Count("pk"),
            empty=Count("pk", filter=Q(results=0)),
            unopened=Count("pk", filter=Q(results__gt=0, opened=False)),
        )
    ):
        add(row["m"], MonthlyCount.Measure.SEARCH, None, None, row["n"])
        add(row["m"], MonthlyCount.Measure.SEARCH_EMPTY, None, None, row["empty"])
        add(row["m"], MonthlyCount.Measure.SEARCH_UNOPENED, None, None, row["unopened"])
    for (month, measure, article_id, part_key), count in counts.items():
        if not count:
            continue
        month = month.date() if isinstance(month, datetime) else month
        row, created = MonthlyCount.objects.select_for_update().get_or_create(
            month=month, measure=measure, article_id=article_id, part_key=part_key, defaults={"count": count}
        )
        if not created:
            MonthlyCount.objects.filter(pk=row.pk).update(count=F("count") + count)
    return {
        "section reads": old_reads.delete()[0],
        "helpful votes": old_votes.delete()[0],
        "searches": old_searches.delete()[0],
    }


# "Write an answer" ------------------------------------------------------------------------------


def faq_draft_from_search(*, query: str, language: str) -> FAQ:
    """An unpublished clinic-wide question, worded as patients searched it, for a reviewer to answer."""
    question = query_shown(query)[:300]
    question = question[:1].upper() + question[1:]
    if not question.endswith("?"):
        question += "?"
    return FAQ.objects.create(question=question, answer="", language=language, is_published=False, topic="")
