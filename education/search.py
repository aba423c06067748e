"""Search over published content: PostgreSQL full text.

A search answers at the level a patient reads: a section of an article, a
question and answer, a glossary term, ranked together. Warning signs that match
come first, whatever else does. Snippets are escaped HTML made from
the text (not the Markdown) with matches in <mark>.

How a query is tried, stopping at the first step that finds something:
0. words typed without their accents get them back from the language's known words
   (“cirugia” → “cirugía”), so a patient's phone keyboard finds what the accented word does;
1. every word (websearch syntax: "quoted phrases", or, -word), with lay synonyms;
2. a spelling correction, word by word, if it finds results with every word (more than the
   typed words did); a word the index, the glossary or the language's general word lists know
   is never replaced;
3. any of the words, ranked (a question-shaped query still finds its passage);
4. any of the corrected words.

Safe first: matching warning signs come before every other result, and emergency signs
before call-the-clinic signs, whatever their rank (issue 31).

Cost (issue 35, docs/search.md “Performance”): one query ranks a bounded set of candidates of every
kind and returns their text (`_ranked_rows`); the snippets of the rows shown are made here from that
text, with the Snowball stemmers PostgreSQL's configurations use (`snippet`); synonyms, the words
for accents and “did you mean” come from the process's lexicon (education.search_lexicon).
No result is cached: every query is ranked by PostgreSQL.
"""

import functools
import html
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import quote

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchVector,
)
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Case, OuterRef, Subquery, TextField, Value, When
from django.db.models.functions import Concat
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from psycopg import RawCursor
from Stemmer import Stemmer

from education import extensions
from education.markdown import markdown_to_text
from education.models import (
    FAQ,
    Article,
    GlossaryTerm,
    SearchWord,
    Section,
    Surgeon,
    WarningSign,
)
from education.rendering import content_changed
from education.search_lexicon import Lexicon, lexicon
from education.search_words import BODY_WORDS, COMMON_WORDS, is_everyday_word, is_stopword, without_accents
from portal.choices import Language

RESULTS_SHOWN = 10
WARNINGS_SHOWN = 3
# At most this many signs with only some of the words, when an answer has every word (see `_search`).
PARTIAL_SIGNS_SHOWN = 2
MAX_VARIANTS = 8
SNIPPET_WORDS = 24
WORD = re.compile(r"[^\W\d_]{4,40}", re.UNICODE)
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
START, STOP = "\x02", "\x03"  # placeholders for <mark>, safe to escape around
NO_SNIPPET = mark_safe("")  # until the rows shown get theirs
# PostgreSQL text-search configuration for each language the portal speaks.
TEXT_SEARCH_CONFIG = {"en": "english", "es": "spanish"}
# Languages whose patients often type without accents (phone keyboards): see `with_accents`.
ACCENTED_LANGUAGES = {"es"}
# rank/(rank+1): a common word cannot outweigh a heading match, and ranks of every type compare.
NORMALIZATION = 32
# Signs also divide by 1 + log(length): for “fever”, a temperature sign outranks a long list that mentions it.
SIGN_NORMALIZATION = 1 | 32
EVERY_WORD = 2.0  # added to the rank of a row with every word, so those come first
# Added to a section whose article (title, summary and all its text) has every word: next best.
EVERY_WORD_IN_ARTICLE = 1.0
# Share of an answer's rank (below its level) given to how alike its title and the question are.
TITLE_WEIGHT = 0.25
# What a stopword counts for in that likeness, where a word that carries meaning counts 1.
STOPWORD_WEIGHT = 0.3


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
    text: str = ""  # the words matched against (warning signs), not shown
    note: str = ""  # a line shown under the result (a pathway step that is not the reader's own)
    pk: int = 0  # the row
    body: str = field(default="", repr=False)  # the text its snippet is made from, if it is shown

    @property
    def is_emergency(self) -> bool:
        return self.urgency == WarningSign.Urgency.EMERGENCY

    def as_json(self) -> dict:
        data = {"type": self.type, "title": self.title, "url": self.url, "snippet": str(self.snippet)}
        if self.article:
            data["article"] = self.article
        if self.urgency:
            data["urgency"] = self.urgency
        if self.note:
            data["note"] = self.note
        return data


@dataclass
class Results:
    query: str
    warnings: list[Result] = field(default_factory=list)
    answers: list[Result] = field(default_factory=list)  # sections, FAQs and glossary terms, best first
    surgeons: list[Result] = field(default_factory=list)
    suggestion: str = ""
    broadened: bool = False  # found with any of the words, not all of them
    text_query: "TextQuery | None" = field(default=None, repr=False)  # what the snippets mark

    @property
    def all(self) -> list[Result]:
        """In the order the page shows them: warning signs first."""
        return [*self.warnings, *self.answers, *self.surgeons]

    @property
    def found(self) -> bool:
        return bool(self.warnings or self.answers or self.surgeons)


# Snippets ----------------------------------------------------------------------
# The Snowball stemmers of PostgreSQL's text search configurations (english_stem, spanish_stem;
# PyStemmer builds the same Snowball sources): a snippet marks the words PostgreSQL would match.
SNOWBALL = {"english": "english", "spanish": "spanish"}
_WORD_SPLIT = re.compile(r"([^\W_]+)")  # TOKEN's words, and what is between them
_stemmers = threading.local()  # a PyStemmer object is not safe to share between threads


def _stemmer(config: str) -> Stemmer | None:
    """This thread's stemmer for `config` (None for "simple": words match as they are, lowercased)."""
    kept = _stemmers.__dict__
    if config not in kept:
        kept[config] = Stemmer(SNOWBALL[config]) if config in SNOWBALL else None
    return kept[config]


def stems(words: list[str], config: str) -> list[str]:
    """Each of `words` lowercased and stemmed as `config`'s dictionary does."""
    lowered = [word.lower() for word in words]
    stemmer = _stemmer(config)
    return stemmer.stemWords(lowered) if stemmer else lowered


@functools.lru_cache(maxsize=1024)  # about 3 kB each
def _plain_words(text: str, config: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`text` (Markdown) as plain words: what is before the first word, a word, what follows it, a
    word… and each word's stem. Kept per process, keyed by the text itself (so never stale): the
    same rows come back on many searches, and this was three quarters of a snippet's cost."""
    parts = tuple(_WORD_SPLIT.split(markdown_to_text(text).strip()))
    return parts, tuple(stems(list(parts[1::2]), config))


def snippet(text: str, words: list[str], config: str, *, whole: bool = False) -> SafeString:
    """A window of SNIPPET_WORDS words of `text` (Markdown, shown as plain words) where most of
    `words` are, each word with the stem of one of them marked, as ts_headline did; "…" where the
    text goes on. `whole`: all of the text (a warning sign is short). Made in this process from the
    text the ranking statement returned: ts_headline read and stemmed each shown row again, a third
    of PostgreSQL's work for a search (docs/search.md, round 6)."""
    parts, stemmed = _plain_words(text, config)
    wanted = set(stems(words, config))  # the query's few words (not kept: they are a patient's)
    hits = [index for index, stem in enumerate(stemmed) if stem in wanted]
    count = len(stemmed)
    first, last = 0, count
    if not whole and count > SNIPPET_WORDS:
        first = _densest_window(hits, count)
        last = first + SNIPPET_WORDS
    begin = 2 * first + 1 if first else 0  # from the window's first word (or the start of the text)
    shown = list(parts[begin : 2 * last + 1 if last == count else 2 * last])
    for index in hits:
        if first <= index < last:
            shown[2 * index + 1 - begin] = f"{START}{parts[2 * index + 1]}{STOP}"
    return _marked(("…" if first else "") + "".join(shown) + ("…" if last < count else ""))


def _densest_window(hits: list[int], count: int) -> int:
    """Where a window of SNIPPET_WORDS of `count` words holding the most `hits` starts (the first
    such), moved back to show the words before its first hit as well as after its last."""
    if not hits:
        return 0
    best_first, best_hits, end = 0, 0, 0
    for start, hit in enumerate(hits):
        while end < len(hits) and hits[end] < hit + SNIPPET_WORDS:
            end += 1
        if end - start > best_hits:
            best_first, best_hits = start, end - start
    span = hits[best_first + best_hits - 1] - hits[best_first] + 1
    first = hits[best_first] - (SNIPPET_WORDS - span) // 2
    return max(0, min(first, count - SNIPPET_WORDS))


def _marked(text: str) -> SafeString:
    """`text` escaped (html.escape, as Django's `escape` without its lazy-string wrapper), marks placed."""
    return mark_safe(html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 (escaped)


# Lay words ---------------------------------------------------------------------
def query_variants(query: str, synonyms: list[list[tuple[str, re.Pattern]]]) -> list[str]:
    """The query, then the query with a phrase swapped for each of its synonyms (longest phrases first);
    `synonyms` are a lexicon's groups, each phrase with its pattern, longest first."""
    lowered = query.lower()
    found = []
    for group in synonyms:
        for phrase, pattern in group:
            # A phrase matches only where its letters are: `in` first spares the regular expression
            # of almost every phrase (a third of search()'s own Python; same matches).
            if phrase in lowered and pattern.search(lowered):
                found.append((pattern, phrase, group))
                break
    found.sort(key=lambda match: len(match[1]), reverse=True)
    variants = [query]
    for pattern, phrase, group in found:
        for other, _pattern in group:
            variant = pattern.sub(other, lowered, count=1)
            if other != phrase and variant not in variants:
                variants.append(variant)
    return variants[:MAX_VARIANTS]


def _words(texts: list[str], language: str) -> list[str]:
    """The searchable words of `texts`, each once, without the language's stopwords (accents or not)
    or websearch's 'or'."""
    words = []
    for text in texts:
        for word in TOKEN.findall(text.lower()):
            if len(word) > 1 and word != "or" and not is_stopword(word, language) and word not in words:
                words.append(word)
    return words


def with_accents(query: str, vocabulary: Lexicon) -> str:
    """`query` with each word typed without its accents given them back, when the language knows the
    word only with accents (content, glossary, synonyms, everyday words): “fiebre despues de la cirugia”
    searches as “fiebre después de la cirugía”. A word known as typed is left alone."""
    language = vocabulary.language
    if language not in ACCENTED_LANGUAGES:
        return query
    bare = {word for word in TOKEN.findall(query.lower()) if word == without_accents(word) and len(word) > 2}
    if not bare:
        return query
    known = set(vocabulary.synonym_words)
    known |= COMMON_WORDS.get(language, set()) | BODY_WORDS.get(language, set())
    known |= {word for plain in bare for word in vocabulary.spelt_with_accents(plain)}
    spelled = {}
    for word in sorted(known):
        plain = without_accents(word)
        if plain in bare and plain not in known:
            spelled.setdefault(plain, word)
    return TOKEN.sub(lambda match: spelled.get(match.group(0).lower(), match.group(0)), query)


# Phone keyboards type curly apostrophes (“can’t”); the synonym list is written with straight ones.
_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc", "'''")


# Entry point -------------------------------------------------------------------------
def search(query: str, language: str = "en", *, user=None) -> Results:
    """What the search page shows for `query`; `user` lets apps above education add their own rows
    (a patient's pathway steps, see education.extensions)."""
    known = lexicon(language)
    typed = query
    query = query.translate(_APOSTROPHES)
    query = with_accents(query, known)
    results = _search(query, query_variants(query, known.synonyms), known, user)
    results.query = typed
    if not results.found or results.broadened:
        suggestion = suggest(query, language, known)
        if suggestion:
            fixed = _search(suggestion, query_variants(suggestion, known.synonyms), known, user)
            # A correction is offered only when it finds more: every word, where the typed words did not.
            if fixed.found and not fixed.broadened:
                fixed.suggestion = suggestion
                results = fixed
    _add_snippets(results)
    return results


def _search(query: str, variants: list[str], known: Lexicon, user=None) -> Results:
    """Rows with any of the words, those with every word (of the query or a synonym variant) first."""
    language = known.language
    words = _words(variants, language)
    config = config_for(language)
    text_query = TextQuery(config, variants, words)
    results, extra = _ranked_rows(text_query, known, user)
    if extra:
        results.answers = _ranked_answers(results.answers, extra)
    results.answers = _ranked_answers(_with_title_match(results.answers, variants, language))
    results.query = query
    results.broadened = results.found and not any(result.rank >= EVERY_WORD_IN_ARTICLE for result in results.all)
    results.warnings = _first_signs([sign for sign in results.warnings if _sign_matches(sign, variants, language)])
    # Signs with only some of the words leave room on the first screen for an answer with every word.
    if any(answer.rank >= EVERY_WORD for answer in results.answers):
        partial = [sign for sign in results.warnings if sign.rank < EVERY_WORD]
        room = max(0, PARTIAL_SIGNS_SHOWN - (len(results.warnings) - len(partial)))
        dropped = _best_first(partial)[room:]
        results.warnings = [sign for sign in results.warnings if sign not in dropped]
    return results


def _urgency_words(urgency: str) -> str:
    if urgency == WarningSign.Urgency.EMERGENCY:
        return _("Go to the emergency room or call 911")
    return _("Call the clinic today")


def _warning_result(pk: int, text: str, urgency: str, group: str, rank: float, prefix: str | None = None) -> Result:
    return Result(
        "warning",
        _urgency_words(urgency),
        _url("education:warning_sign_guide", prefix=prefix),
        NO_SNIPPET,
        key=f"warning:{text}",
        rank=rank,
        urgency=urgency,
        text=f"{group} {text}",
        pk=pk,
        body=text,
    )


def _stem(word: str) -> str:
    """A crude stem, so the half-the-words check below finds “recover” for “recovery”."""
    for suffix in ("ciones", "ción", "ing", "ies", "es", "ed", "y", "s", "ar", "er", "ir", "a", "o"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _sign_matches(sign: Result, variants: list[str], language: str) -> bool:
    """A sign goes above everything only when it has at least half the words of the query or a variant,
    so “can I go back to work” does not raise the emergency signs for “go”."""
    text = without_accents(f"{sign.text} {sign.title}".lower())
    for variant in variants:
        terms = [_weighed_word(word, language)[0] for word in _words([variant], language)]
        if terms and 2 * sum(_starts_a_word(term, text) for term in terms) >= len(terms):
            return True
    return False


def _starts_a_word(stem: str, text: str) -> bool:
    """`stem` begins a word of `text`: “lot” is not found in “clot”, nor “arm” in “warm”."""
    return re.search(rf"(?<!\w){re.escape(stem)}", text) is not None


# The rows become results without model instances or a reverse() each (they were a third of a
# search's CPU): the URL of each kind is worked out once per process and script prefix.
_URLS: dict[tuple[str, str], tuple[str, str]] = {}
_SLUG_MARKER = "slug-of-the-row-goes-here"


def _url(name: str, slug: str = "", prefix: str | None = None) -> str:
    """reverse(name, kwargs={"slug": slug}) (no kwargs without a slug), from a pattern kept per
    process and script prefix (`prefix`: get_script_prefix(), read once by a caller making many);
    slugs are SlugFields, so quoting leaves them as they are."""
    key = (name, bool(slug), get_script_prefix() if prefix is None else prefix)
    parts = _URLS.get(key)
    if parts is None:
        kwargs = {"slug": _SLUG_MARKER} if slug else {}
        parts = _URLS[key] = tuple(reverse(name, kwargs=kwargs).split(_SLUG_MARKER)) + ("",)
    return f"{parts[0]}{_quoted(slug)}{parts[1]}" if slug else parts[0]


@functools.lru_cache(maxsize=4096)
def _quoted(slug: str) -> str:
    """The slug as reverse() quotes it (a few thousand slugs: kept per process)."""
    return quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _URLS.clear()


def _section_result(
    pk: int, heading: str, kind: str, slug: str, article_title: str, rank: float, body: str = "", prefix=None
) -> Result:
    shown = heading or (str(Section.Kind(kind).label) if kind in Section.Kind.values else kind)
    anchor = _anchor(shown) or f"section-{pk}"  # as Section.anchor
    return Result(
        "section",
        shown,
        f"{_url('education:article_detail', slug, prefix)}#{anchor}",
        NO_SNIPPET,
        key=f"section:{slug}#{anchor}",
        rank=rank,
        article=article_title,
        pk=pk,
        body=body,
    )


@functools.lru_cache(maxsize=4096)
def _anchor(heading: str) -> str:
    """slugify(heading), kept per process: the same headings come back on every search."""
    return slugify(heading)


def _faq_result(pk: int, question: str, article_slug: str | None, rank: float, answer: str = "", prefix=None) -> Result:
    anchor = f"faq-{pk}"  # as FAQ.anchor
    url = f"{_url('education:article_detail', article_slug, prefix)}#{anchor}" if article_slug else f"/faqs/#{anchor}"
    return Result("faq", question, url, NO_SNIPPET, key=f"faq:{question}", rank=rank, pk=pk, body=answer)


def _glossary_result(pk: int, term: str, slug: str, rank: float, definition: str = "", prefix=None) -> Result:
    url = f"{_url('education:glossary', prefix=prefix)}#{slug}"  # as GlossaryTerm.get_absolute_url
    return Result("glossary", term, url, NO_SNIPPET, key=f"glossary:{term}", rank=rank, pk=pk, body=definition)


def _surgeon_result(surgeon: Surgeon, text_query: "TextQuery", rank: float) -> Result:
    text = surgeon.title or surgeon.specialties or surgeon.bio
    shown = snippet(text, text_query.words, text_query.config)
    return Result("surgeon", surgeon.name, surgeon.get_absolute_url(), shown, key=surgeon.slug, rank=rank)


def _ranked_answers(*groups: list[Result]) -> list[Result]:
    order = {"section": 0, "faq": 1, "step": 2, "glossary": 3}
    answers = [result for group in groups for result in group]
    return sorted(answers, key=lambda result: (-result.rank, order[result.type]))[:RESULTS_SHOWN]


def _title_words(text: str, language: str) -> dict[str, float]:
    """The words of a title or question, stemmed crudely and without accents, each with its weight:
    a stopword counts for less than a word that carries meaning, but still counts (“can I have”)."""
    return dict(_weighed_word(word, language) for word in TOKEN.findall(text.lower()))


@functools.lru_cache(maxsize=8192)
def _weighed_word(word: str, language: str) -> tuple[str, float]:
    """One word's crude stem without accents and its weight in `_title_words`: a function of the word
    and the language only (no content, no reader), kept per process because the same words of
    titles and questions come back on every search (stemming was a tenth of search()'s Python)."""
    return _stem(without_accents(word)), STOPWORD_WEIGHT if is_stopword(word, language) else 1.0


def title_match(title: str, query: str, language: str) -> float:
    """How alike a result's title (a question, a heading, a term) and the patient's question are,
    0 to 1: the weighted Dice overlap of their words. Matching a question against the questions
    answered is how FAQ search finds “can I have it if I had spine surgery before” among many
    questions with “spine surgery” in them."""
    return _likeness(_title_words(title, language), _title_words(query, language))


def _likeness(title_words: dict[str, float], query_words: dict[str, float]) -> float:
    total = sum(title_words.values()) + sum(query_words.values())
    both = sum(weight for word, weight in title_words.items() if word in query_words)
    return 2 * both / total if total else 0.0


@functools.lru_cache(maxsize=4096)
def _content_title_words(title: str, language: str) -> dict[str, float]:
    """`_title_words` of a result's title, kept per process: titles are content and come back on
    every search (the question's words are worked out each time, never kept). Read, never changed."""
    return _title_words(title, language)


def _with_title_match(answers: list[Result], variants: list[str], language: str) -> list[Result]:
    """Each answer's rank with its title's likeness to the question (or a synonym variant) blended
    into the part below its level, so the levels (every word, every word in the article) stay."""
    questions = [_title_words(variant, language) for variant in variants]
    for answer in answers:
        title = _content_title_words(answer.title, language)
        level = float(int(answer.rank))
        likeness = max(_likeness(title, question) for question in questions)
        answer.rank = level + (1 - TITLE_WEIGHT) * (answer.rank - level) + TITLE_WEIGHT * likeness
    return answers


def _first_signs(signs: list[Result]) -> list[Result]:
    """The best-matching signs, each wording once, then shown safe first."""
    unique: dict[str, Result] = {}
    for sign in _best_first(signs):
        unique.setdefault(sign.key.lower(), sign)
    return _safe_first(list(unique.values())[:WARNINGS_SHOWN])


def _best_first(signs: list[Result]) -> list[Result]:
    return sorted(signs, key=lambda result: -round(result.rank, 6))


def _safe_first(signs: list[Result]) -> list[Result]:
    """Every emergency sign before every call-the-clinic sign, whatever the ranks; then the best match.
    Which signs are shown is chosen by how well they match first, so a sign that fits the question
    (a painful calf) is never pushed off the screen by emergency signs that share one word with it."""
    return sorted(signs, key=lambda result: (not result.is_emergency, -round(result.rank, 6)))


# PostgreSQL ----------------------------------------------------------------
@dataclass(frozen=True)
class TextQuery:
    """A query as PostgreSQL reads it: every word of the query or of one of its synonym variants,
    or any of their words. Written inline in the SQL (not bound once), so the planner sees how
    common the words are."""

    config: str
    variants: list[str]
    words: list[str]

    def every(self) -> tuple[str, list]:
        sql = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _ in self.variants)
        return f"({sql})", [value for variant in self.variants for value in (self.config, variant)]

    def any_word(self) -> tuple[str, list]:
        if not self.words:
            return self.every()
        return "websearch_to_tsquery(%s::regconfig, %s)", [self.config, " or ".join(self.words)]

    def cte(self) -> tuple[str, list]:
        """`WITH q AS (…) `: the tsqueries `every`, `any_word` and `either` (any word or every word:
        a "quoted phrase" or -word may match only the latter), worked out once per statement.

        The planner reads them as values it does not know (not as constants), so it takes the words
        for rare and scans the GIN indexes: its statistics are of whole tables, where a word common
        in the other language would look common in this one and lead it to read the table from the
        start until enough rows match (85 ms for “dolor” at 20,000 articles, 0.5 ms this way)."""
        every, every_params = self.every()
        any_word, any_params = self.any_word()
        sql = (
            "WITH q AS MATERIALIZED (SELECT every, any_word, any_word || every AS either FROM "  # noqa: S608 (tsquery SQL with parameters)
            f"(SELECT {every} AS every, {any_word} AS any_word) query) "
        )
        return sql, [*every_params, *any_params]


class _Sql:
    """SQL text and its parameters, written in order."""

    def __init__(self):
        self.parts: list[str] = []
        self.params: list = []

    def add(self, sql: str, params=()) -> "_Sql":
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def __str__(self) -> str:
        return "".join(self.parts)


# A name of this module's choosing (a language, a status): written into the statement's text, not
# bound, so that the text of a prepared statement names the partial index (migration 0034) its one
# plan uses. Only lowercase letters, so it needs no quoting.
_NAME = re.compile(r"[a-z_]+")


def _literal(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a name: {name!r}")
    return f"'{name}'"


class _PreparedCursor(RawCursor):
    """Binds on the server and prepares every statement: psycopg keeps the prepared statement per
    connection (its own LRU cache, keyed by the SQL text), so PostgreSQL plans a search's statement
    once per connection and shape, not on every search (planning was about 1 ms of the ranking
    query's CPU). The ORM's cursors bind on the client (Django's default), which never prepares;
    the words are parameters, everything else is in the text, so a few shapes cover all searches.

    A raw cursor: its statements carry PostgreSQL's own placeholders ($1, $2…, from `_numbered`),
    so psycopg does not search their text for %s on every run (it keeps that work only for texts
    under 4,096 bytes, and the ranking statement is 4.5 kB in English, 6.9 kB in Spanish)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _LoggedPrepared(CursorDebugWrapper):
    """Logs the statement as written (parameters apart): psycopg keeps no text of a prepared
    statement's run, which Django's debug log would otherwise record as None."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


@functools.lru_cache(maxsize=256)
def _numbered(text: str) -> str:
    """`text` with its %s placeholders as PostgreSQL's $1, $2… (the statements of this module hold
    no other %: names, numbers and placeholders only). Kept per process and text: a few shapes."""
    parts = text.split("%s")
    return "".join(f"{part}${number}" for number, part in enumerate(parts[:-1], 1)) + parts[-1]


def _fetch_prepared(sql: _Sql) -> list[tuple]:
    """The statement's rows, through Django's cursor wrapper (query counting, logging, error
    translation) around a preparing cursor. With DJANGO_DB_PREPARED_STATEMENTS off (behind a pooler
    that drops prepared statements: docs/operations.md) psycopg prepares nothing."""
    database = connections[DEFAULT_DB_ALIAS]  # once: each `connection.x` looks it up again
    database.close_if_health_check_failed()
    database.ensure_connection()
    cursor = _PreparedCursor(database.connection)
    wrapped = _LoggedPrepared(cursor, database) if database.queries_logged else database.make_cursor(cursor)
    with wrapped:
        wrapped.execute(_numbered(str(sql)), sql.params)
        return wrapped.fetchall()


# Candidates. A word of a spine clinic's content ("pain", "surgery") is in most of its rows, and
# ranking every matching row is what made search slow as content grew. So at most CANDIDATES
# rows (articles, for sections) with every word and as many with any word are ranked, each kind
# found through its language's partial GIN index (migration 0034), whose rows are what that
# language's readers may see. Exact while fewer rows match (a clinic's whole content); beyond that
# the index's first rows stand for the rest, and the cost stays the same as content grows. Rows a
# reader sees from another language (English articles not yet translated) are looked for among at
# most EXAMINED matches of that language, so that check is bounded too. 30, three times the rows
# shown: `manage.py search_relevance` scores it as 50 (top-3 92% against 91%, MRR 0.82 at both
# corpus sizes), for a sixth less of PostgreSQL's CPU per search at the base corpus.
CANDIDATES = 30
EXAMINED = 1000


def _ranked_rows(text_query: TextQuery, known: Lexicon, user=None) -> tuple[Results, list[Result]]:
    """The best rows of each kind in one query, ranked on the stored, GIN-indexed vectors: sections,
    FAQs and glossary terms (best 10 of each), the matching warning signs (each wording once) and
    surgeons with every word; with the rows the apps above education add to the statement for
    `user` (education.extensions.SearchStatement: care's pathway steps), returned apart, as results.
    Snippets are made later, for the rows shown only (`_add_snippets`).

    The statement's text depends only on the language, the lexicon's FAQ and glossary languages
    and the query's shape (how many variants, any words or not); the words are its parameters (the
    tsqueries of `TextQuery.cte`, then, for a language with no stored surgeon words, their text
    search configuration). So the text is written once per process and shape (`_ranking_sql`:
    writing it was a tenth of search()'s Python) and each search binds its own words. The apps'
    branches come last, their parameters after the statement's own: one statement and one round
    trip for every kind (the pathway steps were a statement of their own, with their own tsqueries,
    until round 5)."""
    language = known.language
    sql = _Sql().add(
        _ranking_sql(
            language,
            known.faq_language,
            known.glossary_language,
            variants=len(text_query.variants),
            any_words=bool(text_query.words),
            candidates=CANDIDATES,
            examined=EXAMINED,
        ),
        [*text_query.cte()[1], *_surgeon_params(language, text_query.config)],
    )
    statements = extensions.search_statements()
    for statement in statements:
        sql.add(f" UNION ALL ({statement.sql(language)})")
        sql.params.extend(statement.params(language=language, config=text_query.config, user=user))
    own, theirs = [], {}
    for row in _fetch_prepared(sql):
        if row[0] in _OWN_KINDS:
            own.append(row)
        else:
            theirs.setdefault(row[0], []).append(row)
    extra = []
    for statement in statements:
        if statement.kind in theirs:
            extra += statement.results(theirs[statement.kind], text_query=text_query, language=language)
    return _results_from_rows(own, text_query), extra


# Each language's stored words of a surgeon (generated columns, migration 0035): name, title,
# specialties and biography, in that language's fields.
SURGEON_VECTORS = {"en": "search_vector_en", "es": "search_vector_es"}


def _surgeon_params(language: str, config: str) -> list:
    """The surgeons' branch's parameters: its text search configuration, for a language whose
    surgeons' words are worked out on the fly."""
    return [] if language in SURGEON_VECTORS else [config]


_OWN_KINDS = frozenset(("section", "faq", "glossary", "warning", "surgeon"))


@functools.lru_cache(maxsize=64)
def _ranking_sql(
    language: str,
    faq_language: str,
    glossary_language: str,
    *,
    variants: int,
    any_words: bool,
    candidates: int,
    examined: int,
) -> str:
    """The text of `_ranked_rows`'s statement for a query of this shape (its parameters are not kept),
    with `candidates` rows per kind and tier and `examined` rows of another language (`CANDIDATES`
    and `EXAMINED`, passed so that the kept text follows them)."""
    text_query = TextQuery("simple", ["?"] * variants, ["?"] if any_words else [])
    published = Article.Status.PUBLISHED
    # The reader's own language first; a Spanish reader also sees English articles with no translation.
    content_languages = [language] if language == Language.ENGLISH else [language, Language.ENGLISH]
    sql = _Sql()
    sql.add(*text_query.cte())

    def every():
        sql.add("(SELECT every FROM q)")

    def any_word():
        sql.add("(SELECT any_word FROM q)")

    def matches(column: str):
        sql.add(f"{column} @@ (SELECT either FROM q)")  # noqa: S608 (a column named here)

    def untranslated(alias: str):
        """The article `alias` has no published translation into the reader's language."""
        sql.add(
            "NOT EXISTS (SELECT 1 FROM education_article t WHERE t.translation_of_id = "  # noqa: S608 (names from this module; words are parameters)
            f"{alias}.id AND t.language = {_literal(language)} AND t.status = {_literal(published)})"
        )

    def readable_article(alias: str):
        """`_in_language` of education.selectors, row by row: published, in the reader's language
        or English with no translation into it."""
        sql.add(f"{alias}.status = {_literal(published)} AND ({alias}.language = {_literal(language)}")
        if language != Language.ENGLISH:
            sql.add(f" OR {alias}.language = {_literal(Language.ENGLISH)} AND ")
            untranslated(alias)
        sql.add(")")

    def rank(alias: str, normalization: int = NORMALIZATION, *, article: str = ""):
        sql.add(f"ts_rank({alias}.search_vector, ")
        any_word()
        sql.add(f", {normalization})::float8 + CASE WHEN {alias}.search_vector @@ ")
        every()
        sql.add(f" THEN {EVERY_WORD}")
        if article:
            sql.add(f" WHEN {article}.search_vector @@ ")
            every()
            sql.add(f" THEN {EVERY_WORD_IN_ARTICLE}")
        sql.add(" ELSE 0.0 END")

    def tiers(tier, shown_without_partial=None):
        """`tier(content_language, every_word)` for each level and language, as one UNION. The
        tier with some of the words is read only while it could change what is shown: a row with
        every word (or, for sections, of an article with every word) ranks above every row
        without, so the other tier could add nothing shown once the tier with every word is full
        (CANDIDATES rows) or holds RESULTS_SHOWN rows for its branch to show
        (`shown_without_partial(every_tier)` writes how many, at most RESULTS_SHOWN; the tier's
        own rows if not given). Reading that tier's index is reading every row with any of the
        words: for two common words seldom found together (“herniated disc”), nearly every
        article and FAQ, 3 to 5 ms each at 20,000 articles."""
        shown = min(candidates, RESULTS_SHOWN)
        for index, content_language in enumerate(content_languages):
            if index:
                sql.add(" UNION ")
            every_tier = f"every_{content_language}"
            sql.add(f"SELECT id FROM (WITH {every_tier} AS MATERIALIZED (")  # noqa: S608 (names from this module)
            tier(content_language, True)
            sql.add(f") SELECT id FROM {every_tier} UNION ALL SELECT id FROM (")  # noqa: S608 (names from this module)
            tier(content_language, False)
            sql.add(f") partial WHERE (SELECT count(*) FROM {every_tier}) < ")  # noqa: S608 (names from this module)
            if shown_without_partial is None:
                sql.add(f"{shown}")
            else:
                sql.add(f"{candidates} AND ")
                shown_without_partial(every_tier)
                sql.add(f" < {shown}")
            sql.add(f") {every_tier}_or_partial")

    def sections_shown(every_tier: str):
        """How many sections of the tier's articles the sections' branch could show (at most RESULTS_SHOWN)."""
        sql.add(
            "(SELECT count(*) FROM (SELECT 1 FROM education_section shown WHERE "  # noqa: S608 (names from this module)
            f"shown.article_id IN (SELECT id FROM {every_tier}) AND "
        )
        matches("shown.search_vector")
        sql.add(f" LIMIT {RESULTS_SHOWN}) sections)")

    def article_tier(content_language: str, every_word: bool):
        # The literal language and status let PostgreSQL use the language's partial index.
        sql.add(
            "(SELECT id FROM (SELECT id FROM education_article WHERE "  # noqa: S608 (literals of ours)
            f"language = {_literal(content_language)} AND status = {_literal(published)} AND "
        )
        if every_word:
            sql.add("search_vector @@ ")
            every()
        else:
            matches("search_vector")
        if content_language == language:
            sql.add(f" LIMIT {candidates}) found)")
        else:
            sql.add(f" LIMIT {examined}) found WHERE ")
            untranslated("found")
            sql.add(f" LIMIT {candidates})")

    def faq_tier(content_language: str, every_word: bool):
        sql.add(
            "(SELECT id FROM (SELECT id, article_id, language FROM education_faq WHERE "  # noqa: S608 (literals of ours)
            f"language = {_literal(content_language)} AND is_published AND "
        )
        if every_word:
            sql.add("search_vector @@ ")
            every()
        else:
            matches("search_vector")
        sql.add(
            f" LIMIT {examined}) found WHERE (found.article_id IS NULL AND found.language = {_literal(faq_language)})"
        )
        sql.add(" OR EXISTS (SELECT 1 FROM education_article fa WHERE fa.id = found.article_id AND ")
        readable_article("fa")
        sql.add(f") LIMIT {candidates})")

    # Sections of the candidate articles (an article's vector holds every word of its sections):
    # heading, kind, the article's slug and title.
    sql.add("(SELECT 'section', s.id, ")
    rank("s", article="a")
    sql.add(
        " AS rank, s.heading, s.kind, a.slug, a.title, s.body FROM education_section s"
        " JOIN education_article a ON a.id = s.article_id WHERE s.article_id IN ("
    )
    tiers(article_tier, sections_shown)
    sql.add(") AND ")
    matches("s.search_vector")
    sql.add(f" ORDER BY rank DESC, s.id LIMIT {RESULTS_SHOWN})")
    # FAQs: question, article id and slug.
    sql.add(" UNION ALL (SELECT 'faq', f.id, ")
    rank("f")
    sql.add(
        " AS rank, f.question, f.article_id::text, a.slug, f.answer, NULL FROM education_faq f"
        " LEFT JOIN education_article a ON a.id = f.article_id WHERE f.id IN ("
    )
    tiers(faq_tier)
    sql.add(f") ORDER BY rank DESC, f.id LIMIT {RESULTS_SHOWN})")
    # Glossary terms (a few hundred at most): term and slug.
    sql.add(" UNION ALL (SELECT 'glossary', g.id, ")
    rank("g")
    sql.add(
        " AS rank, g.term, g.slug, g.definition, NULL, NULL FROM education_glossaryterm g WHERE "  # noqa: S608 (literals of ours)
        f"g.language = {_literal(glossary_language)} AND "
    )
    matches("g.search_vector")
    sql.add(f" ORDER BY rank DESC, g.id LIMIT {RESULTS_SHOWN})")
    # Warning signs (clinic-wide ones and those of published articles; tens), each wording once
    # (the same sign is written on many articles): text, urgency, group.
    sql.add(" UNION ALL (SELECT 'warning', w.id, ")
    rank("w", SIGN_NORMALIZATION)
    sql.add(
        ' AS rank, w.text, w.urgency, w."group", NULL, NULL FROM education_warningsign w WHERE w.id IN'  # noqa: S608 (literals of ours)
        " (SELECT DISTINCT ON (urgency, text) id FROM education_warningsign WHERE "
        f"language = {_literal(language)} AND "
    )
    matches("search_vector")
    sql.add(
        " AND (article_id IS NULL OR EXISTS (SELECT 1 FROM education_article wa WHERE wa.id = article_id"  # noqa: S608 (literals of ours)
        f" AND wa.status = {_literal(published)})) ORDER BY urgency, text, id))"
    )
    # Surgeons (a handful, read whole) with every word: name, slug, and title, specialties and
    # biography in the reader's language (a blank Spanish field read as its English one).
    stored = SURGEON_VECTORS.get(language)
    if language == Language.SPANISH:
        shown = ", ".join(f"COALESCE(NULLIF({field}_es, ''), {field})" for field in ("title", "specialties", "bio"))
    else:
        shown = "title, specialties, bio"
    sql.add(f" UNION ALL (SELECT 'surgeon', id, {EVERY_WORD}, name, slug, {shown} FROM education_surgeon WHERE ")  # noqa: S608 (names from this module)
    if stored:
        sql.add(f"{stored} @@ ")
    else:  # a language without a stored vector: worked out on the fly
        sql.add(
            "to_tsvector(%s::regconfig, COALESCE(name, '') || ' ' || COALESCE(title, '') || ' ' ||"
            " COALESCE(specialties, '') || ' ' || COALESCE(bio, '')) @@ ",
            [text_query.config],
        )
    every()
    sql.add(f" ORDER BY name LIMIT {RESULTS_SHOWN})")
    # The parameters `_ranked_rows` binds, in this order: the query's tsqueries, then the surgeons'
    # config where their words are worked out on the fly (`_surgeon_params`).
    assert len(sql.params) == len(text_query.cte()[1]) + len(_surgeon_params(language, "?"))  # noqa: S101 (the order above is this function's)
    return str(sql)


def _results_from_rows(rows, text_query: TextQuery) -> Results:
    results = Results(query="", text_query=text_query)
    answers = []
    prefix = get_script_prefix()
    for kind, pk, rank, title, *fields in rows:
        if kind == "section":
            section_kind, slug, article_title, body = fields
            answers.append(_section_result(pk, title, section_kind, slug, article_title, rank, body, prefix))
        elif kind == "faq":
            _article_id, slug, answer, _ = fields
            answers.append(_faq_result(pk, title, slug, rank, answer, prefix))
        elif kind == "glossary":
            answers.append(_glossary_result(pk, title, fields[0], rank, fields[1], prefix))
        elif kind == "warning":
            urgency, group, _, _ = fields
            results.warnings.append(_warning_result(pk, title, urgency, group, rank, prefix))
        elif kind == "surgeon":
            slug, surgeon_title, specialties, bio = fields
            surgeon = Surgeon(pk=pk, name=title, slug=slug, title=surgeon_title, specialties=specialties, bio=bio)
            results.surgeons.append(_surgeon_result(surgeon, text_query, rank))
    results.answers = _ranked_answers(answers)
    return results


def _add_snippets(results: Results) -> None:
    """Snippets for the rows the page shows, and only those, from the text the ranking returned (no
    statement): a warning sign whole, every match marked; any other row a window around its matches."""
    text_query = results.text_query
    if text_query is None:
        return
    for result in results.all:
        if result.body:
            whole = result.type == "warning"
            result.snippet = snippet(result.body, text_query.words, text_query.config, whole=whole)


# Spelling suggestions --------------------------------------------------------
def suggest(query: str, language: str = "en", vocabulary: Lexicon | None = None) -> str:
    """The query with each misspelt word replaced by the closest known word of `language`, or ''.

    A word is never replaced when it is in the index's dictionary (the words of the content,
    warning signs and glossary, learnt as they are saved), accents or not, or in the language's
    general word lists (everyday and body words): a correctly spelt “room” never becomes a rarer
    content word such as “root”, nor “calf” the urgency words' “call”. The dictionary is the
    process's lexicon (education.search_lexicon): no query.
    """
    words = query.split()
    checkable = [word for word in words if WORD.fullmatch(word) and not is_everyday_word(word, language)]
    if not checkable:
        return ""
    vocabulary = vocabulary or lexicon(language)
    changed = False
    suggestion = []
    for word in words:
        replacement = word
        if word in checkable and not vocabulary.knows(word.lower()):
            replacement = vocabulary.closest(word.lower()) or word
            changed = changed or replacement != word
        suggestion.append(replacement)
    return " ".join(suggestion) if changed else ""


# Keeping the index current -----------------------------------------------------
def config_for(language: str) -> str:
    return TEXT_SEARCH_CONFIG.get(language, "simple")


def index_after_commit() -> None:
    """Run `index_dirty` once the current transaction commits (at once outside one), once per transaction."""
    if not any(callback is index_dirty for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(index_dirty)


def index_dirty(*, learn: bool = True) -> int:
    """The one writer of search vectors: store the vector of every row marked `search_index_dirty`
    (articles, sections, FAQs, warning signs, glossary terms), in the language each is written in,
    and clear the mark in the same UPDATE. With `learn`, the rows' words join the spelling
    vocabulary. Set-wide: a few UPDATEs whatever the number of rows. Returns the rows indexed."""
    indexed = 0
    with transaction.atomic():
        if learn:
            _learn_dirty_words()
        for language in _dirty_languages(Article.all_objects.all(), "language"):
            indexed += _index_articles(Article.all_objects.filter(search_index_dirty=True, language=language), language)
        for language in _dirty_languages(Section.objects.all(), "article__language"):
            indexed += index_sections(
                Section.objects.filter(search_index_dirty=True, article__language=language), language
            )
        for model, index in (
            (FAQ, index_faqs),
            (WarningSign, index_warning_signs),
            (GlossaryTerm, index_glossary_terms),
        ):
            for language in _dirty_languages(model.objects.all(), "language"):
                rows = model.objects.filter(search_index_dirty=True, language=language)
                indexed += index(rows, language)
    return indexed


def _dirty_languages(queryset, field: str) -> list[str]:
    return list(queryset.filter(search_index_dirty=True).order_by().values_list(field, flat=True).distinct())


def _learn_dirty_words() -> None:
    texts: dict[str, list[str]] = {}
    parts = (
        (Article.all_objects.values_list("language", "title", "summary")),
        (Section.objects.values_list("article__language", "heading", "body")),
        (FAQ.objects.values_list("language", "question", "answer")),
        (WarningSign.objects.values_list("language", "group", "text")),
        (GlossaryTerm.objects.values_list("language", "term", "also_known_as")),
    )
    for rows in parts:
        for language, *words in rows.filter(search_index_dirty=True).order_by():
            texts.setdefault(language, []).extend(w for w in words if w)
    for language, words in texts.items():
        learn_words(" ".join(words), language)


def _index_articles(articles, language: str) -> int:
    """Title (weight A), summary (B) and every section's heading, type words and text in order (C):
    every word of a section's vector is in its article's, so search finds sections through their
    articles (see `_ranked_rows`)."""
    config = config_for(language)
    section_text = Concat("heading", Value(" "), _kind_words(language), Value(" "), "body", output_field=TextField())
    body = (
        Section.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(text=StringAgg(section_text, " ", order_by=("order", "pk")))
        .values("text")
    )
    return articles.update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector(Subquery(body), weight="C", config=config),
        search_index_dirty=False,
    )


def learn_words(text: str, language: str = "en") -> None:
    """Add the words of `text` to the spelling vocabulary. New words change the search lexicon each
    process holds, so the content version moves on once they are committed."""
    words = {word.lower() for word in WORD.findall(text)}
    known = SearchWord.objects.filter(language=language, word__in=words).count()
    if known == len(words):
        return
    SearchWord.objects.bulk_create([SearchWord(word=word, language=language) for word in words], ignore_conflicts=True)
    transaction.on_commit(content_changed)


def index_sections(sections, language: str) -> int:
    """Heading (weight A), the words of the section's type such as “Symptoms” (B), text (C)."""
    config = config_for(language)
    return sections.update(
        search_vector=SearchVector("heading", weight="A", config=config)
        + SearchVector(_kind_words(language), weight="B", config=config)
        + SearchVector("body", weight="C", config=config),
        search_index_dirty=False,
    )


def _kind_words(language: str) -> Case:
    """The words of a section's type (“Symptoms”) in `language`."""
    with translation.override(language):
        return Case(
            *(When(kind=kind, then=Value(str(label))) for kind, label in Section.Kind.choices),
            default=Value(""),
            output_field=TextField(),
        )


def index_faqs(faqs, language: str) -> int:
    """Question (weight A) and answer (C)."""
    config = config_for(language)
    return faqs.update(
        search_vector=SearchVector("question", weight="A", config=config)
        + SearchVector("answer", weight="C", config=config),
        search_index_dirty=False,
    )


def index_warning_signs(signs, language: str) -> int:
    """The sign's words, and the words of its urgency (“emergency room”, “call the clinic”) in its language."""
    config = config_for(language)
    with translation.override(language):
        urgency_words = Case(
            *(When(urgency=urgency, then=Value(str(label))) for urgency, label in WarningSign.Urgency.choices),
            default=Value(""),
            output_field=TextField(),
        )
    return signs.update(
        search_vector=SearchVector("group", "text", weight="A", config=config)
        + SearchVector(urgency_words, weight="A", config=config),
        search_index_dirty=False,
    )


def index_glossary_terms(terms, language: str) -> int:
    """Term and other names (weight A), definition (C)."""
    config = config_for(language)
    return terms.update(
        search_vector=SearchVector("term", "also_known_as", weight="A", config=config)
        + SearchVector("definition", weight="C", config=config),
        search_index_dirty=False,
    )
