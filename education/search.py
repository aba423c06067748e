"""Search over published content: PostgreSQL full text, with a SQLite fallback.

Both paths return the same shapes, so views and the API do not care which
database answers. Snippets are escaped HTML with matches in <mark>.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from education import selectors
from education.models import FAQ, Article, GlossaryTerm, SearchWord, Section, Surgeon

RESULTS_PER_GROUP = 10
SNIPPET_WORDS = 24
WORD = re.compile(r"[^\W\d_]{4,40}", re.UNICODE)
START, STOP = "\x02", "\x03"  # placeholders for <mark>, safe to escape around


@dataclass
class Result:
    type: str
    title: str
    url: str
    snippet: SafeString

    def as_json(self) -> dict:
        return {"type": self.type, "title": self.title, "url": self.url, "snippet": str(self.snippet)}


@dataclass
class Results:
    query: str
    articles: list[Result] = field(default_factory=list)
    faqs: list[Result] = field(default_factory=list)
    surgeons: list[Result] = field(default_factory=list)
    glossary: list[Result] = field(default_factory=list)
    suggestion: str = ""

    @property
    def all(self) -> list[Result]:
        return [*self.articles, *self.faqs, *self.glossary, *self.surgeons]


def _use_postgres() -> bool:
    return connection.vendor == "postgresql"


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 (escaped)


def _highlight(text: str, terms: list[str]) -> SafeString:
    """A short window of `text` around the first match, matches marked (the SQLite path)."""
    lowered = text.lower()
    hits = [lowered.find(term) for term in terms if term and lowered.find(term) >= 0]
    start = max(0, min(hits) - 80) if hits else 0
    window = Truncator(text[start:]).words(SNIPPET_WORDS)
    if start:
        window = "…" + window
    pattern = re.compile("|".join(re.escape(term) for term in terms if term), re.IGNORECASE)
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window) if terms else window
    return _marked(marked)


# PostgreSQL text-search configuration for each language the portal speaks.
TEXT_SEARCH_CONFIG = {"en": "english", "es": "spanish"}


def search(query: str, language: str = "en") -> Results:
    results = _search(query, language)
    if not results.all:
        suggestion = suggest(query, language)
        if suggestion and suggestion.lower() != query.lower():
            results = _search(suggestion, language)
            results.suggestion = suggestion
    return results


def _search(query: str, language: str) -> Results:
    articles = selectors.article_list_published(language=language)
    faqs = selectors.faq_list_published(language=language)
    glossary = selectors.glossary_terms(language=language)
    if _use_postgres():
        return _search_postgres(query, TEXT_SEARCH_CONFIG.get(language, "simple"), articles, faqs, glossary)
    return _search_fallback(query, articles, faqs, glossary)


# PostgreSQL ----------------------------------------------------------------
def _headline(field: str, ts_query: SearchQuery, config: str) -> SearchHeadline:
    """A short snippet of `field` around the matches, marked with placeholders escaped later."""
    return SearchHeadline(
        field, ts_query, config=config, start_sel=START, stop_sel=STOP, max_words=SNIPPET_WORDS, min_words=10
    )


def _search_postgres(query: str, config: str, articles, faqs, glossary) -> Results:
    ts_query = SearchQuery(query, search_type="websearch", config=config)
    results = Results(query=query)
    # normalization 32 scales rank to rank/(rank+1): a common word cannot outweigh a title match.
    articles = list(
        articles.filter(search_vector=ts_query)
        .annotate(rank=SearchRank(F("search_vector"), ts_query, normalization=Value(32)))
        .order_by("-rank", "title")[:RESULTS_PER_GROUP]
    )
    best_sections: dict[int, Section] = {}
    if articles:
        sections = (
            Section.objects.filter(article__in=articles)
            .annotate(vector=SearchVector("heading", "body", config=config))
            .filter(vector=ts_query)
            .annotate(
                rank=SearchRank(SearchVector("heading", "body", config=config), ts_query),
                snippet=_headline("body", ts_query, config),
            )
            .order_by("article_id", "-rank", "order")
        )
        for section in sections:
            best_sections.setdefault(section.article_id, section)
    for article in articles:
        section = best_sections.get(article.pk)
        url = article.get_absolute_url() + (f"#{section.anchor}" if section else "")
        snippet = _marked(section.snippet) if section else _highlight(article.summary, query.lower().split())
        results.articles.append(Result("article", article.title, url, snippet))

    faqs = (
        faqs.filter(search_vector=ts_query)
        .annotate(
            rank=SearchRank(F("search_vector"), ts_query, normalization=Value(32)),
            snippet=_headline("answer", ts_query, config),
        )
        .order_by("-rank", "question")[:RESULTS_PER_GROUP]
    )
    results.faqs = [Result("faq", faq.question, _faq_url(faq), _marked(faq.snippet)) for faq in faqs]
    terms = (
        glossary.annotate(
            vector=SearchVector("term", "also_known_as", weight="A", config=config)
            + SearchVector("definition", weight="C", config=config)
        )
        .filter(vector=ts_query)
        .annotate(rank=SearchRank(F("vector"), ts_query))
        .order_by("-rank", "term")[:RESULTS_PER_GROUP]
    )
    results.glossary = [_glossary_result(term, query) for term in terms]
    surgeons = (
        Surgeon.objects.annotate(vector=SearchVector("name", "title", "specialties", "bio", config=config))
        .filter(vector=ts_query)
        .order_by("name")[:RESULTS_PER_GROUP]
    )
    results.surgeons = [_surgeon_result(surgeon, query) for surgeon in surgeons]
    return results


# Any other database: case-insensitive matching in the same shapes -----------
def _search_fallback(query: str, articles, faqs, glossary) -> Results:
    terms = [term for term in query.lower().split() if term]
    results = Results(query=query)

    def all_terms(*fields):
        """Every word of the query appears in at least one of the fields."""
        condition = Q()
        for term in terms:
            condition &= _any_field(fields, term)
        return condition

    articles = list(
        articles.filter(all_terms("title", "summary", "sections__heading", "sections__body"))
        .annotate(
            rank=Case(
                When(title__icontains=terms[0], then=Value(3)),
                When(summary__icontains=terms[0], then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .distinct()
        .order_by("-rank", "title")[:RESULTS_PER_GROUP]
    )
    sections = Section.objects.filter(article__in=articles).filter(all_terms("heading", "body")).order_by("order")
    best: dict[int, Section] = {}
    for section in sections:
        best.setdefault(section.article_id, section)
    for article in articles:
        section = best.get(article.pk)
        url = article.get_absolute_url() + (f"#{section.anchor}" if section else "")
        snippet = _highlight(section.body if section else article.summary, terms)
        results.articles.append(Result("article", article.title, url, snippet))
    faqs = faqs.filter(all_terms("question", "answer"))
    results.faqs = [
        Result("faq", faq.question, _faq_url(faq), _highlight(faq.answer, terms)) for faq in faqs[:RESULTS_PER_GROUP]
    ]
    glossary = glossary.filter(all_terms("term", "also_known_as", "definition"))
    results.glossary = [_glossary_result(term, query) for term in glossary[:RESULTS_PER_GROUP]]
    surgeons = Surgeon.objects.filter(all_terms("name", "title", "specialties", "bio"))
    results.surgeons = [_surgeon_result(surgeon, query) for surgeon in surgeons[:RESULTS_PER_GROUP]]
    return results


def _any_field(fields, term) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": term})
    return condition


def _faq_url(faq: FAQ) -> str:
    if faq.article_id:
        return f"{faq.article.get_absolute_url()}#{faq.anchor}"
    return f"/faqs/#{faq.anchor}"


def _glossary_result(term: GlossaryTerm, query: str) -> Result:
    return Result("glossary", term.term, term.get_absolute_url(), _highlight(term.definition, query.lower().split()))


def _surgeon_result(surgeon: Surgeon, query: str) -> Result:
    text = surgeon.title or surgeon.specialties or surgeon.bio
    return Result("surgeon", surgeon.name, surgeon.get_absolute_url(), _highlight(text, query.lower().split()))


# Spelling suggestions --------------------------------------------------------
def suggest(query: str, language: str = "en") -> str:
    """The query with unknown words replaced by the closest known word of `language`, or ''."""
    words = query.split()
    vocabulary = SearchWord.objects.filter(language=language)
    known = set(vocabulary.filter(word__in=[w.lower() for w in words]).values_list("word", flat=True))
    changed = False
    suggestion = []
    for word in words:
        replacement = word
        if word.lower() not in known and WORD.fullmatch(word):
            replacement = _closest(word.lower(), vocabulary) or word
            changed = changed or replacement != word
        suggestion.append(replacement)
    return " ".join(suggestion) if changed else ""


def _closest(word: str, vocabulary) -> str:
    if _use_postgres():
        match = (
            vocabulary.annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gt=0.3)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        return match or ""
    candidates = vocabulary.filter(word__startswith=word[:2]).values_list("word", flat=True)
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else ""


# Keeping the index current -----------------------------------------------------
def index_article(article: Article, sections: list[Section]) -> None:
    """Store the article's weighted search vector (in its language) and learn its words."""
    config = TEXT_SEARCH_CONFIG.get(article.language, "simple")
    if _use_postgres():
        body = " ".join(f"{section.heading} {section.body}" for section in sections)
        Article.objects.filter(pk=article.pk).update(
            search_vector=SearchVector(Value(article.title), weight="A", config=config)
            + SearchVector(Value(article.summary), weight="B", config=config)
            + SearchVector(Value(body), weight="C", config=config)
        )
        index_faqs(FAQ.objects.filter(article=article), config)
    texts = [article.title, article.summary, *(f"{s.heading} {s.body}" for s in sections)]
    texts += [f"{faq.question} {faq.answer}" for faq in article.faqs.all()]
    learn_words(" ".join(texts), article.language)


def learn_words(text: str, language: str = "en") -> None:
    words = {word.lower() for word in WORD.findall(text)}
    SearchWord.objects.bulk_create([SearchWord(word=word, language=language) for word in words], ignore_conflicts=True)


def index_faqs(faqs, config: str) -> None:
    """Store the FAQs' weighted search vectors in one UPDATE (PostgreSQL only)."""
    if _use_postgres():
        faqs.update(
            search_vector=SearchVector("question", weight="A", config=config)
            + SearchVector("answer", weight="C", config=config)
        )
