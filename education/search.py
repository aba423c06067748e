"""Search over published content: PostgreSQL full text, with a SQLite fallback.

A search answers at the level a patient reads: a section of an article, a
question and answer, a glossary term, ranked together. Warning signs that match
come first, whatever else does. Both databases return the same shapes, so views
and the API do not care which one answers. Snippets are escaped HTML made from
the text (not the Markdown) with matches in <mark>.

How a query is tried, stopping at the first step that finds something:
1. every word (websearch syntax: "quoted phrases", or, -word), with lay synonyms;
2. a spelling correction, word by word, if it finds results with every word;
3. any of the words, ranked (a question-shaped query still finds its passage);
4. any of the corrected words.
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
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from education import selectors
from education.models import (
    FAQ,
    Article,
    GlossaryTerm,
    SearchSynonym,
    SearchWord,
    Section,
    Surgeon,
    WarningSign,
)
from education.search_words import STOPWORDS, is_everyday_word

RESULTS_SHOWN = 10
WARNINGS_SHOWN = 3
MAX_VARIANTS = 8
SNIPPET_WORDS = 24
WORD = re.compile(r"[^\W\d_]{4,40}", re.UNICODE)
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
START, STOP = "\x02", "\x03"  # placeholders for <mark>, safe to escape around
# PostgreSQL text-search configuration for each language the portal speaks.
TEXT_SEARCH_CONFIG = {"en": "english", "es": "spanish"}
# rank/(rank+1): a common word cannot outweigh a heading match, and ranks of every type compare.
NORMALIZATION = 32
# Signs also divide by 1 + log(length): for “fever”, a temperature sign outranks a long list that mentions it.
SIGN_NORMALIZATION = 1 | 32


@dataclass
class Result:
    type: str  # "section", "faq", "glossary", "warning" or "surgeon"
    title: str
    url: str
    snippet: SafeString
    key: str = ""  # stable name for the relevance test set, e.g. "section:<slug>#<anchor>"
    rank: float = 0.0
    article: str = ""  # for a section: the article it belongs to
    urgency: str = ""  # for a warning sign: "emergency" or "call_clinic"

    @property
    def is_emergency(self) -> bool:
        return self.urgency == WarningSign.Urgency.EMERGENCY

    def as_json(self) -> dict:
        data = {"type": self.type, "title": self.title, "url": self.url, "snippet": str(self.snippet)}
        if self.article:
            data["article"] = self.article
        if self.urgency:
            data["urgency"] = self.urgency
        return data


@dataclass
class Results:
    query: str
    warnings: list[Result] = field(default_factory=list)
    answers: list[Result] = field(default_factory=list)  # sections, FAQs and glossary terms, best first
    surgeons: list[Result] = field(default_factory=list)
    suggestion: str = ""
    broadened: bool = False  # found with any of the words, not all of them

    @property
    def all(self) -> list[Result]:
        """In the order the page shows them: warning signs first."""
        return [*self.warnings, *self.answers, *self.surgeons]

    @property
    def found(self) -> bool:
        return bool(self.warnings or self.answers or self.surgeons)


def _use_postgres() -> bool:
    return connection.vendor == "postgresql"


# Plain text from Markdown, for snippets ------------------------------------------
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_LINE_MARK = re.compile(r"^[ \t]*(#{1,6}|[-*+]|\d+[.)]|>)[ \t]+", re.MULTILINE)
MARKDOWN_EMPHASIS = re.compile(r"[*_`]+")


def plain_text(markdown: str) -> str:
    """The words of `markdown` without its marks: no “###”, list dashes, links' targets or asterisks."""
    text = MARKDOWN_LINK.sub(r"\1", markdown or "")
    text = MARKDOWN_LINE_MARK.sub("", text)
    return MARKDOWN_EMPHASIS.sub("", text)


class PlainText(Func):
    """`plain_text` in SQL (PostgreSQL regular expressions), so headlines show words, not Markdown."""

    template = (
        "regexp_replace(regexp_replace(regexp_replace(%(expressions)s, "
        r"'\[([^]]*)\]\([^)]*\)', '\1', 'g'), "
        r"'^[ \t]*(#{1,6}|[-*+]|[0-9]+[.)]|>)[ \t]+', '', 'gn'), "
        "'[*_`]+', '', 'g')"
    )
    output_field = TextField()


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 (escaped)


def _highlight(text: str, terms: list[str]) -> SafeString:
    """A short window of plain `text` around the first match, matches marked (the SQLite path)."""
    text = plain_text(text)
    lowered = text.lower()
    hits = [lowered.find(term) for term in terms if term and lowered.find(term) >= 0]
    start = max(0, min(hits) - 80) if hits else 0
    if start:
        start = lowered.rfind(" ", 0, start) + 1
    window = Truncator(text[start:]).words(SNIPPET_WORDS)
    if start:
        window = "…" + window
    terms = [term for term in terms if term]
    if terms:
        pattern = re.compile("|".join(re.escape(term) + r"\w*" for term in terms), re.IGNORECASE)
        window = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)
    return _marked(window)


# Lay words ---------------------------------------------------------------------
def synonym_groups(language: str) -> list[list[str]]:
    """Phrases that mean the same, from the admin's synonym list and the glossary's other names (one query)."""
    listed = SearchSynonym.objects.filter(language=language).order_by().values_list("words", flat=True)
    aliases = (
        GlossaryTerm.objects.filter(language=language)
        .exclude(also_known_as="")
        .order_by()
        .annotate(words=Concat("term", Value(","), "also_known_as", output_field=TextField()))
        .values_list("words", flat=True)
    )
    groups = []
    for words in listed.union(aliases, all=True):
        phrases = [phrase.strip().lower() for phrase in words.split(",") if phrase.strip()]
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


def query_variants(query: str, groups: list[list[str]]) -> list[str]:
    """The query, then the query with a phrase swapped for each of its synonyms (longest phrases first)."""
    lowered = query.lower()
    found = []
    for group in groups:
        for phrase in sorted(group, key=len, reverse=True):
            pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
            if pattern.search(lowered):
                found.append((pattern, phrase, group))
                break
    found.sort(key=lambda match: len(match[1]), reverse=True)
    variants = [query]
    for pattern, phrase, group in found:
        for other in group:
            variant = pattern.sub(other, lowered, count=1)
            if other != phrase and variant not in variants:
                variants.append(variant)
    return variants[:MAX_VARIANTS]


def _words(texts: list[str], language: str) -> list[str]:
    """The searchable words of `texts`, each once, without the language's stopwords or websearch's 'or'."""
    stop = STOPWORDS.get(language, set()) | {"or"}
    words = []
    for text in texts:
        for word in TOKEN.findall(text.lower()):
            if len(word) > 1 and word not in stop and word not in words:
                words.append(word)
    return words


# Entry point -------------------------------------------------------------------------
def search(query: str, language: str = "en") -> Results:
    groups = synonym_groups(language)
    variants = query_variants(query, groups)
    results = _search(query, variants, language, every_word=True)
    if results.found:
        return results
    suggestion = suggest(query, language)
    corrected = query_variants(suggestion, groups) if suggestion else []
    if corrected:
        fixed = _search(suggestion, corrected, language, every_word=True)
        if fixed.found:
            fixed.suggestion = suggestion
            return fixed
    broad = _search(query, variants, language, every_word=False)
    if broad.found or not corrected:
        return broad
    fixed = _search(suggestion, corrected, language, every_word=False)
    if fixed.found:
        fixed.suggestion = suggestion
    return fixed


def _search(query: str, variants: list[str], language: str, *, every_word: bool) -> Results:
    if _use_postgres():
        config = TEXT_SEARCH_CONFIG.get(language, "simple")
        ts_query = _ts_query(variants, language, config, every_word)
        results = _search_postgres(ts_query, config, language, _words(variants, language))
    else:
        results = _search_fallback(variants, language, every_word)
    results.query = query
    results.broadened = not every_word
    return results


def _articles(language: str):
    return selectors.article_list_published(language=language).order_by().values("pk")


def _warning_signs(language: str):
    """Signs patients of `language` may see: clinic-wide ones and those of published articles."""
    return WarningSign.objects.filter(language=language).filter(
        Q(article__isnull=True) | Q(article__status=Article.Status.PUBLISHED)
    )


def _warning_result(sign: WarningSign, snippet: SafeString, rank: float) -> Result:
    words = _("Go to the emergency room or call 911") if sign.is_emergency else _("Call the clinic today")
    return Result(
        "warning",
        words,
        reverse("education:warning_sign_guide"),
        snippet,
        key=f"warning:{sign.text}",
        rank=rank,
        urgency=sign.urgency,
    )


def _section_result(section: Section, snippet: SafeString, rank: float) -> Result:
    article = section.article
    return Result(
        "section",
        section.display_heading,
        f"{article.get_absolute_url()}#{section.anchor}",
        snippet,
        key=f"section:{article.slug}#{section.anchor}",
        rank=rank,
        article=article.title,
    )


def _faq_result(faq: FAQ, snippet: SafeString, rank: float) -> Result:
    url = f"{faq.article.get_absolute_url()}#{faq.anchor}" if faq.article_id else f"/faqs/#{faq.anchor}"
    return Result("faq", faq.question, url, snippet, key=f"faq:{faq.question}", rank=rank)


def _glossary_result(term: GlossaryTerm, snippet: SafeString, rank: float) -> Result:
    return Result("glossary", term.term, term.get_absolute_url(), snippet, key=f"glossary:{term.term}", rank=rank)


def _surgeon_result(surgeon: Surgeon, terms: list[str]) -> Result:
    text = surgeon.title or surgeon.specialties or surgeon.bio
    return Result("surgeon", surgeon.name, surgeon.get_absolute_url(), _highlight(text, terms), key=surgeon.slug)


def _ranked_answers(*groups: list[Result]) -> list[Result]:
    order = {"section": 0, "faq": 1, "glossary": 2}
    answers = [result for group in groups for result in group]
    return sorted(answers, key=lambda result: (-result.rank, order[result.type]))[:RESULTS_SHOWN]


def _first_signs(signs: list[Result]) -> list[Result]:
    """The best-matching signs, each wording once; an emergency first when they match equally."""
    unique: dict[str, Result] = {}
    for sign in sorted(signs, key=lambda result: (-round(result.rank, 6), not result.is_emergency)):
        unique.setdefault(sign.key.lower(), sign)
    return list(unique.values())[:WARNINGS_SHOWN]


# PostgreSQL ----------------------------------------------------------------
def _ts_query(variants: list[str], language: str, config: str, every_word: bool) -> SearchQuery:
    if every_word:
        ts_query = SearchQuery(variants[0], search_type="websearch", config=config)
        for variant in variants[1:]:
            ts_query |= SearchQuery(variant, search_type="websearch", config=config)
        return ts_query
    return SearchQuery(" or ".join(_words(variants, language)), search_type="websearch", config=config)


def _rank(ts_query: SearchQuery, normalization: int = NORMALIZATION) -> SearchRank:
    return SearchRank(F("search_vector"), ts_query, normalization=Value(normalization))


def _headline(expression, ts_query: SearchQuery, config: str, **options) -> SearchHeadline:
    """A short snippet around the matches, marked with placeholders escaped later."""
    return SearchHeadline(
        PlainText(expression),
        ts_query,
        config=config,
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=10,
        **options,
    )


def _top(queryset, ts_query: SearchQuery, limit: int = RESULTS_SHOWN):
    """The ids of the best `limit` rows, ranked on the stored, GIN-indexed vector only."""
    ranked = queryset.filter(search_vector=ts_query).annotate(rank=_rank(ts_query)).order_by("-rank", "pk")
    return ranked.values("pk")[:limit]


def _search_postgres(ts_query: SearchQuery, config: str, language: str, words: list[str]) -> Results:
    results = Results(query="")
    # Headlines are the costly part: each query makes them only for the few rows it shows.
    sections = (
        Section.objects.filter(pk__in=_top(Section.objects.filter(article__in=_articles(language)), ts_query))
        .select_related("article")
        .only("heading", "kind", "article__slug", "article__title")
        .annotate(rank=_rank(ts_query), snippet=_headline("body", ts_query, config))
    )
    section_results = [_section_result(s, _marked(s.snippet), s.rank) for s in sections]
    faqs = (
        FAQ.objects.filter(pk__in=_top(selectors.faq_list_published(language=language), ts_query))
        .select_related("article")
        .only("question", "article__slug")
        .annotate(rank=_rank(ts_query), snippet=_headline("answer", ts_query, config))
    )
    faq_results = [_faq_result(faq, _marked(faq.snippet), faq.rank) for faq in faqs]
    terms = (
        GlossaryTerm.objects.filter(pk__in=_top(selectors.glossary_terms(language=language), ts_query))
        .only("term", "slug")
        .annotate(rank=_rank(ts_query), snippet=_headline("definition", ts_query, config))
    )
    glossary_results = [_glossary_result(term, _marked(term.snippet), term.rank) for term in terms]
    results.answers = _ranked_answers(section_results, faq_results, glossary_results)

    # Each wording once (the same sign is written on many articles), then the best few.
    distinct_signs = (
        _warning_signs(language)
        .filter(search_vector=ts_query)
        .annotate(rank=_rank(ts_query))
        .order_by("urgency", "text", "-rank")
        .distinct("urgency", "text")
        .values("pk")
    )
    signs = (
        WarningSign.objects.filter(pk__in=distinct_signs)
        .only("urgency", "text")
        .annotate(
            rank=_rank(ts_query, SIGN_NORMALIZATION), snippet=_headline("text", ts_query, config, highlight_all=True)
        )
    )
    results.warnings = _first_signs([_warning_result(sign, _marked(sign.snippet), sign.rank) for sign in signs])

    surgeons = (
        Surgeon.objects.annotate(vector=SearchVector("name", "title", "specialties", "bio", config=config))
        .filter(vector=ts_query)
        .order_by("name")[:RESULTS_SHOWN]
    )
    results.surgeons = [_surgeon_result(surgeon, words) for surgeon in surgeons]
    return results


# Any other database: case-insensitive matching in the same shapes -----------
def _stem(word: str) -> str:
    """A crude stem for matching inside words on SQLite (“recovery” finds “recover”)."""
    for suffix in ("ing", "ies", "es", "ed", "y", "s", "ción", "ciones", "ar", "er", "ir", "a", "o"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _fallback_terms(variants: list[str], language: str) -> list[list[str]]:
    return [[_stem(word) for word in _words([variant], language)] for variant in variants]


def _score(strong: str, weak: str, terms: list[str]) -> float:
    """Like PostgreSQL's rank: a word in a heading or question (weight A) counts more than one in text (C)."""
    strong, weak = strong.lower(), weak.lower()
    score = sum(1.0 if term in strong else 0.2 if term in weak else 0.0 for term in terms)
    return score / (score + 1)


def _matches(text: str, variant_terms: list[list[str]], every_word: bool) -> bool:
    text = text.lower()
    if every_word:
        return any(terms and all(term in text for term in terms) for terms in variant_terms)
    return any(term in text for terms in variant_terms for term in terms)


def _fallback_rows(queryset, fields: tuple[str, ...], all_terms: list[str], limit: int = 200):
    condition = Q()
    for term in all_terms:
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
    return list(queryset.filter(condition)[:limit]) if all_terms else []


def _search_fallback(variants: list[str], language: str, every_word: bool) -> Results:
    variant_terms = _fallback_terms(variants, language)
    flat = list(dict.fromkeys(term for terms in variant_terms for term in terms))
    results = Results(query="")

    def found(strong: str, weak: str):
        if not _matches(f"{strong} {weak}", variant_terms, every_word):
            return None
        return _score(strong, weak, flat)

    sections = []
    for section in _fallback_rows(
        Section.objects.filter(article__in=_articles(language)).select_related("article"), ("heading", "body"), flat
    ):
        if (rank := found(section.display_heading, section.body)) is not None:
            sections.append(_section_result(section, _highlight(section.body, flat), rank))
    faqs = []
    for faq in _fallback_rows(selectors.faq_list_published(language=language), ("question", "answer"), flat):
        if (rank := found(faq.question, faq.answer)) is not None:
            faqs.append(_faq_result(faq, _highlight(faq.answer, flat), rank))
    terms = []
    glossary = selectors.glossary_terms(language=language)
    for term in _fallback_rows(glossary, ("term", "also_known_as", "definition"), flat):
        if (rank := found(f"{term.term} {term.also_known_as}", term.definition)) is not None:
            terms.append(_glossary_result(term, _highlight(term.definition, flat), rank))
    results.answers = _ranked_answers(sections, faqs, terms)
    signs = []
    for sign in _fallback_rows(_warning_signs(language), ("group", "text"), flat):
        if (rank := found(f"{sign.group} {sign.text}", "")) is not None:
            signs.append(_warning_result(sign, _highlight(sign.text, flat), rank))
    results.warnings = _first_signs(signs)
    surgeons = []
    for surgeon in _fallback_rows(Surgeon.objects.all(), ("name", "title", "specialties", "bio"), flat):
        if _matches(f"{surgeon.name} {surgeon.title} {surgeon.specialties} {surgeon.bio}", variant_terms, every_word):
            surgeons.append(_surgeon_result(surgeon, flat))
    results.surgeons = surgeons[:RESULTS_SHOWN]
    return results


# Spelling suggestions --------------------------------------------------------
def suggest(query: str, language: str = "en") -> str:
    """The query with each misspelt word replaced by the closest known word of `language`, or ''.

    A word is left alone when the content uses it or it is an everyday word, so a
    correctly spelt “room” never becomes a rarer content word such as “root”.
    """
    words = query.split()
    vocabulary = SearchWord.objects.filter(language=language)
    checkable = [word for word in words if WORD.fullmatch(word) and not is_everyday_word(word, language)]
    if not checkable:
        return ""
    known = set(vocabulary.filter(word__in=[w.lower() for w in checkable]).values_list("word", flat=True))
    changed = False
    suggestion = []
    for word in words:
        replacement = word
        if word in checkable and word.lower() not in known:
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
def config_for(language: str) -> str:
    return TEXT_SEARCH_CONFIG.get(language, "simple")


def index_article(article: Article, sections: list[Section]) -> None:
    """Store the search vectors of the article and all its parts (in its language) and learn their words.

    Each vector is written by an UPDATE of its own: `SearchIndexed.save` never writes one back.
    """
    config = config_for(article.language)
    if _use_postgres():
        body = " ".join(f"{section.heading} {section.body}" for section in sections)
        Article.objects.filter(pk=article.pk).update(
            search_vector=SearchVector(Value(article.title), weight="A", config=config)
            + SearchVector(Value(article.summary), weight="B", config=config)
            + SearchVector(Value(body), weight="C", config=config)
        )
        index_sections(Section.objects.filter(article=article), config)
        index_faqs(FAQ.objects.filter(article=article), config)
        index_warning_signs(WarningSign.objects.filter(article=article), article.language)
    texts = [article.title, article.summary, *(f"{s.heading} {s.body}" for s in sections)]
    texts += [f"{faq.question} {faq.answer}" for faq in article.faqs.all()]
    texts += [f"{sign.group} {sign.text}" for sign in article.warning_signs.all()]
    learn_words(" ".join(texts), article.language)


def learn_words(text: str, language: str = "en") -> None:
    words = {word.lower() for word in WORD.findall(text)}
    SearchWord.objects.bulk_create([SearchWord(word=word, language=language) for word in words], ignore_conflicts=True)


def index_sections(sections, config: str) -> None:
    if _use_postgres():
        sections.update(
            search_vector=SearchVector("heading", weight="A", config=config)
            + SearchVector("body", weight="C", config=config)
        )


def index_faqs(faqs, config: str) -> None:
    """Store the FAQs' weighted search vectors in one UPDATE (PostgreSQL only)."""
    if _use_postgres():
        faqs.update(
            search_vector=SearchVector("question", weight="A", config=config)
            + SearchVector("answer", weight="C", config=config)
        )


def index_warning_signs(signs, language: str) -> None:
    """The sign's words, and the words of its urgency (“emergency room”, “call the clinic”) in its language."""
    if not _use_postgres():
        return
    config = config_for(language)
    with translation.override(language):
        for urgency, label in WarningSign.Urgency.choices:
            signs.filter(urgency=urgency).update(
                search_vector=SearchVector("group", "text", weight="A", config=config)
                + SearchVector(Value(str(label)), weight="A", config=config)
            )


def index_glossary_terms(terms, config: str) -> None:
    if _use_postgres():
        terms.update(
            search_vector=SearchVector("term", "also_known_as", weight="A", config=config)
            + SearchVector("definition", weight="C", config=config)
        )
