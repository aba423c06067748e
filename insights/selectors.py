"""Content insights: per article and section, over a period. Each function asks a fixed number of
queries, whatever the number of patients and articles (tests/test_insights_queries.py)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import CharField, Count, Exists, F, Func, OuterRef, Q, Value
from django.urls import reverse

from care.models import Assignment, EducationRecord, PatientQuestion
from care.selectors import scope_to_patients
from education.models import FAQ, Article, Section, TeachBackQuestion
from insights.models import HelpfulVote, SearchEvent, SectionRead
from insights.services import query_shown

MIN_PATIENTS = 3  # a search is shown only once this many different patients made it


@dataclass
class QuestionRow:
    question: TeachBackQuestion
    article: Article
    first_tries: int = 0
    first_right: int = 0
    wrong_key: str = ""
    wrong_text: str = ""
    wrong_count: int = 0

    @property
    def rate(self) -> int | None:
        """First-try correct rate, in percent."""
        return round(100 * self.first_right / self.first_tries) if self.first_tries else None

    @property
    def section_url(self) -> str:
        anchor = self.question.section_anchor
        return self.article.get_absolute_url() + (f"#{anchor}" if anchor else "")


@dataclass
class ArticleRow:
    article: Article
    reads: int = 0
    readers: int = 0
    finished: int = 0
    helpful_yes: int = 0
    helpful_no: int = 0
    questions: int = 0
    first_tries: int = 0
    first_right: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.first_right / self.first_tries) if self.first_tries else None


@dataclass
class SearchRow:
    query: str
    patients: int
    searches: int
    found_nothing: int
    none_opened: int
    language: str = ""


@dataclass
class PartRow:
    """A section or an FAQ answer of one article."""

    kind: str
    key: str
    title: str
    anchor: str
    reads: int = 0
    helpful_yes: int = 0
    helpful_no: int = 0
    unclear: list = field(default_factory=list)


def _in(start: datetime, end: datetime, name: str = "created_at") -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def live_articles():
    return Article.objects.all()


# Teach-back ---------------------------------------------------------------------------------------


def _first_tries(start, end):
    """Teach-back answers in the period that were the patient's first answer to that question."""
    earlier = EducationRecord.objects.filter(
        patient=OuterRef("patient"), question=OuterRef("question"), created_at__lt=OuterRef("created_at")
    )
    return (
        EducationRecord.objects.filter(_in(start, end), question__isnull=False)
        .exclude(response=EducationRecord.Response.ASKED_QUESTION)
        .exclude(Exists(earlier))
    )


def teach_back_rows(*, start, end, article_ids=None) -> list[QuestionRow]:
    """Each question answered in the period: first-try correct rate and the wrong option most chosen
    (by its stable key), worst first. Three queries."""
    tries = _first_tries(start, end)
    wrong = EducationRecord.objects.filter(
        _in(start, end), question__isnull=False, response=EducationRecord.Response.NEEDS_REVIEW
    ).exclude(option_key="")
    if article_ids is not None:
        tries, wrong = tries.filter(question__article__in=article_ids), wrong.filter(question__article__in=article_ids)
    counts = {
        row["question_id"]: row
        for row in tries.values("question_id").annotate(
            n=Count("pk"), right=Count("pk", filter=Q(response=EducationRecord.Response.UNDERSTOOD))
        )
    }
    most_wrong: dict[int, tuple[str, int]] = {}
    for row in (
        wrong.values("question_id", "option_key").annotate(n=Count("pk")).order_by("question_id", "-n", "option_key")
    ):
        most_wrong.setdefault(row["question_id"], (row["option_key"], row["n"]))
    ids = set(counts) | set(most_wrong)
    rows = []
    for question in TeachBackQuestion.objects.filter(pk__in=ids).select_related("article"):
        count = counts.get(question.pk, {"n": 0, "right": 0})
        key, wrong_count = most_wrong.get(question.pk, ("", 0))
        option = question.option(key) if key else None
        rows.append(
            QuestionRow(
                question=question,
                article=question.article,
                first_tries=count["n"],
                first_right=count["right"],
                wrong_key=key,
                wrong_text=(option or {}).get("text", ""),
                wrong_count=wrong_count,
            )
        )
    rows.sort(key=lambda row: (row.rate if row.rate is not None else 101, -row.first_tries, row.question.pk))
    return rows


# Searches -----------------------------------------------------------------------------------------


class _Shown(Func):
    """The query as staff see it, in SQL: e-mail addresses and digits out, one space between words."""

    output_field = CharField()
    template = (
        r"btrim(regexp_replace(regexp_replace(regexp_replace(%(expressions)s, '\S+@\S+', ' ', 'g'),"
        r" '[0-9]+', ' ', 'g'), '\s+', ' ', 'g'))"
    )


def unanswered_searches(*, start, end, limit: int = 20) -> list[SearchRow]:
    """Searches that found nothing or whose results nobody opened, grouped by their words without
    digits and e-mail addresses; only those made by at least `MIN_PATIENTS` different patients. One query."""
    rows = (
        SearchEvent.objects.filter(_in(start, end))
        .filter(Q(results=0) | Q(opened=False))
        .annotate(shown=_Shown(F("query")))
        .exclude(shown="")
        .values("shown")
        .annotate(
            patients=Count("patient", distinct=True),
            searches=Count("pk"),
            found_nothing=Count("pk", filter=Q(results=0)),
            none_opened=Count("pk", filter=Q(results__gt=0)),
            languages=ArrayAgg("language", distinct=True, default=Value([])),
        )
        .filter(patients__gte=MIN_PATIENTS)
        .order_by("-patients", "-searches", "shown")[:limit]
    )
    return [
        SearchRow(
            query=query_shown(row["shown"]),
            patients=row["patients"],
            searches=row["searches"],
            found_nothing=row["found_nothing"],
            none_opened=row["none_opened"],
            language=(row["languages"] or ["en"])[0],
        )
        for row in rows
    ]


# Per article --------------------------------------------------------------------------------------


def article_rows(*, start, end) -> list[ArticleRow]:
    """Every published article with its counts in the period. Six queries."""
    rows = {article.pk: ArticleRow(article=article) for article in live_articles().order_by("title", "pk")}
    for row in (
        SectionRead.objects.filter(_in(start, end), article__in=live_articles().values("pk"))
        .values("article_id")
        .annotate(n=Count("pk"), readers=Count("patient", distinct=True))
    ):
        rows[row["article_id"]].reads, rows[row["article_id"]].readers = row["n"], row["readers"]
    for row in (
        Assignment.objects.filter(_in(start, end, "finished_at"), article__in=live_articles().values("pk"))
        .values("article_id")
        .annotate(n=Count("pk"))
    ):
        rows[row["article_id"]].finished = row["n"]
    for row in (
        HelpfulVote.objects.filter(_in(start, end), article__in=live_articles().values("pk"))
        .values("article_id")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    ):
        rows[row["article_id"]].helpful_yes, rows[row["article_id"]].helpful_no = row["yes"], row["no"]
    for row in (
        PatientQuestion.objects.filter(_in(start, end), assignment__article__in=live_articles().values("pk"))
        .values("assignment__article_id")
        .annotate(n=Count("pk"))
    ):
        rows[row["assignment__article_id"]].questions = row["n"]
    for row in (
        _first_tries(start, end)
        .filter(question__article__in=live_articles().values("pk"))
        .values("question__article_id")
        .annotate(n=Count("pk"), right=Count("pk", filter=Q(response=EducationRecord.Response.UNDERSTOOD)))
    ):
        article_row = rows[row["question__article_id"]]
        article_row.first_tries, article_row.first_right = row["n"], row["right"]
    return list(rows.values())


def article_parts(*, article: Article, start, end, texts_for=None) -> list[PartRow]:
    """The article's sections and FAQ answers with reads and helpful votes in the period; the
    "what was unclear?" texts only for `texts_for`, a staff member allowed to see patient data, and
    only from the patients of their care teams (issue 29). Four or five queries."""
    parts = {}
    for section in Section.objects.filter(article=article).order_by("order", "pk"):
        parts[section.key] = PartRow("section", str(section.key), section.display_heading, section.anchor)
    for faq in FAQ.objects.filter(article=article, is_published=True).order_by("order", "pk"):
        parts[faq.key] = PartRow("faq", str(faq.key), faq.question, faq.anchor)
    for row in (
        SectionRead.objects.filter(_in(start, end), article=article).values("section_key").annotate(n=Count("pk"))
    ):
        if row["section_key"] in parts:
            parts[row["section_key"]].reads = row["n"]
    votes = HelpfulVote.objects.filter(_in(start, end), article=article)
    for row in votes.values("part_key").annotate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    ):
        if row["part_key"] in parts:
            parts[row["part_key"]].helpful_yes, parts[row["part_key"]].helpful_no = row["yes"], row["no"]
    if texts_for is not None:
        texts = scope_to_patients(votes.exclude(unclear=""), texts_for)
        for vote in texts.order_by("-created_at")[:500]:
            if vote.part_key in parts:
                parts[vote.part_key].unclear.append(vote)
    return list(parts.values())


def article_question_count(*, article: Article, start, end) -> int:
    return PatientQuestion.objects.filter(_in(start, end), assignment__article=article).count()


def unclear_texts_count(*, start, end) -> int:
    return HelpfulVote.objects.filter(_in(start, end)).exclude(unclear="").count()


def general_faq_rows(*, start, end) -> list[PartRow]:
    """Clinic-wide questions and answers (no article) that patients voted on, least helpful first. Two queries."""
    counts = {
        row["part_key"]: row
        for row in HelpfulVote.objects.filter(_in(start, end), part=HelpfulVote.Part.FAQ, article__isnull=True)
        .values("part_key")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    }
    rows = []
    for faq in FAQ.objects.filter(article__isnull=True, key__in=list(counts)).order_by("order", "pk"):
        count = counts[faq.key]
        rows.append(
            PartRow("faq", str(faq.key), faq.question, faq.anchor, helpful_yes=count["yes"], helpful_no=count["no"])
        )
    rows.sort(key=lambda row: (-row.helpful_no, row.helpful_yes))
    return rows


def helpful_back(*, part: str, key: str, article_id: int | None, came_from: str) -> str:
    """Where a reader goes back to after "Was this helpful?" without JavaScript: the page they came
    from (`came_from`, checked by the caller), else the article or the FAQ page, at the section or
    answer. One query."""
    model = Section if part == HelpfulVote.Part.SECTION else FAQ
    parts = model.objects.filter(key=key).select_related("article")
    if article_id:
        parts = parts.filter(article_id=article_id)
    found = parts.first()
    if found is None:
        return came_from or reverse("home")
    if not came_from:
        came_from = found.article.get_absolute_url() if found.article_id else reverse("education:faq_list")
    return f"{came_from.split('#')[0]}#{found.anchor}"
