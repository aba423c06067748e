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
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from education import extensions, selectors
from education.markdown import markdown_to_text
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
from education.search_words import BODY_WORDS, COMMON_WORDS, is_everyday_word, is_stopword, without_accents

RESULTS_SHOWN = 10
WARNINGS_SHOWN = 3
# At most this many signs with only some of the words, when an answer has every word (see `_search`).
PARTIAL_SIGNS_SHOWN = 2
MAX_VARIANTS = 8
SNIPPET_WORDS = 24
WORD = re.compile(r"[^\W\d_]{4,40}", re.UNICODE)
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
START, STOP = "\x02", "\x03"  # placeholders for <mark>, safe to escape around
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

    @property
    def all(self) -> list[Result]:
        """In the order the page shows them: warning signs first."""
        return [*self.warnings, *self.answers, *self.surgeons]

    @property
    def found(self) -> bool:
        return bool(self.warnings or self.answers or self.surgeons)


# Plain text from Markdown, for snippets ------------------------------------------
class PlainText(Func):
    """`markdown_to_text` in SQL (PostgreSQL regular expressions), so headlines show words, not Markdown."""

    template = (
        "regexp_replace(regexp_replace(regexp_replace(%(expressions)s, "
        r"'\[([^]]*)\]\([^)]*\)', '\1', 'g'), "
        r"'^[ \t]*(#{1,6}|[-*+•]|[0-9]+[.)]|>)[ \t]+', '', 'gn'), "
        "'[*_`]+', '', 'g')"
    )
    output_field = TextField()


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 (escaped)


def highlight(text: str, terms: list[str]) -> SafeString:
    """A short window of plain `text` around the first match, matches marked (surgeon results)."""
    text = markdown_to_text(text)
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
    """The searchable words of `texts`, each once, without the language's stopwords (accents or not)
    or websearch's 'or'."""
    words = []
    for text in texts:
        for word in TOKEN.findall(text.lower()):
            if len(word) > 1 and word != "or" and not is_stopword(word, language) and word not in words:
                words.append(word)
    return words


def with_accents(query: str, language: str, groups: list[list[str]]) -> str:
    """`query` with each word typed without its accents given them back, when the language knows the
    word only with accents (content, glossary, synonyms, everyday words): “fiebre despues de la cirugia”
    searches as “fiebre después de la cirugía”. A word known as typed is left alone."""
    if language not in ACCENTED_LANGUAGES:
        return query
    bare = {word for word in TOKEN.findall(query.lower()) if word == without_accents(word) and len(word) > 2}
    if not bare:
        return query
    known = {word for group in groups for phrase in group for word in TOKEN.findall(phrase)}
    known |= COMMON_WORDS.get(language, set()) | BODY_WORDS.get(language, set())
    # The index's own words, matched through PostgreSQL's unaccent (one small query).
    known |= set(
        SearchWord.objects.filter(language=language, word__unaccent__in=sorted(bare)).values_list("word", flat=True)
    )
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
    groups = synonym_groups(language)
    typed = query
    query = query.translate(_APOSTROPHES)
    query = with_accents(query, language, groups)
    results = _search(query, query_variants(query, groups), language, user)
    results.query = typed
    if results.found and not results.broadened:
        return results
    suggestion = suggest(query, language)
    if suggestion:
        fixed = _search(suggestion, query_variants(suggestion, groups), language, user)
        # A correction is offered only when it finds more: every word, where the typed words did not.
        if fixed.found and not fixed.broadened:
            fixed.suggestion = suggestion
            return fixed
    return results


def _search(query: str, variants: list[str], language: str, user=None) -> Results:
    """Rows with any of the words, those with every word (of the query or a synonym variant) first."""
    words = _words(variants, language)
    config = config_for(language)
    every, any_word = _ts_queries(variants, words, config)
    results = _search_postgres(every, any_word, config, language, words)
    extra = extensions.search_rows(
        every=every, any_word=any_word, config=config, language=language, user=user, words=words
    )
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


def _articles(language: str):
    return selectors.article_list_published(language=language).order_by().values("pk")


def _warning_signs(language: str):
    """Signs patients of `language` may see: clinic-wide ones and those of published articles."""
    return WarningSign.objects.filter(language=language).filter(
        Q(article__isnull=True) | Q(article__status=Article.Status.PUBLISHED)
    )


def _urgency_words(urgency: str) -> str:
    if urgency == WarningSign.Urgency.EMERGENCY:
        return _("Go to the emergency room or call 911")
    return _("Call the clinic today")


def _warning_result(sign: WarningSign, snippet: SafeString, rank: float) -> Result:
    return Result(
        "warning",
        _urgency_words(sign.urgency),
        reverse("education:warning_sign_guide"),
        snippet,
        key=f"warning:{sign.text}",
        rank=rank,
        urgency=sign.urgency,
        text=f"{sign.group} {sign.text}",
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
        terms = [_stem(without_accents(word)) for word in _words([variant], language)]
        if terms and 2 * sum(_starts_a_word(term, text) for term in terms) >= len(terms):
            return True
    return False


def _starts_a_word(stem: str, text: str) -> bool:
    """`stem` begins a word of `text`: “lot” is not found in “clot”, nor “arm” in “warm”."""
    return re.search(rf"(?<!\w){re.escape(stem)}", text) is not None


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


def _surgeon_result(surgeon: Surgeon, terms: list[str], rank: float) -> Result:
    text = surgeon.title or surgeon.specialties or surgeon.bio
    return Result(
        "surgeon", surgeon.name, surgeon.get_absolute_url(), highlight(text, terms), key=surgeon.slug, rank=rank
    )


def _ranked_answers(*groups: list[Result]) -> list[Result]:
    order = {"section": 0, "faq": 1, "step": 2, "glossary": 3}
    answers = [result for group in groups for result in group]
    return sorted(answers, key=lambda result: (-result.rank, order[result.type]))[:RESULTS_SHOWN]


def _title_words(text: str, language: str) -> dict[str, float]:
    """The words of a title or question, stemmed crudely and without accents, each with its weight:
    a stopword counts for less than a word that carries meaning, but still counts (“can I have”)."""
    return {
        _stem(without_accents(word)): STOPWORD_WEIGHT if is_stopword(word, language) else 1.0
        for word in TOKEN.findall(text.lower())
    }


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


def _with_title_match(answers: list[Result], variants: list[str], language: str) -> list[Result]:
    """Each answer's rank with its title's likeness to the question (or a synonym variant) blended
    into the part below its level, so the levels (every word, every word in the article) stay."""
    questions = [_title_words(variant, language) for variant in variants]
    for answer in answers:
        title = _title_words(answer.title, language)
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
def _ts_queries(variants: list[str], words: list[str], config: str) -> tuple[SearchQuery, SearchQuery]:
    """(every word of the query or of one of its variants, any of their words)."""
    every = SearchQuery(variants[0], search_type="websearch", config=config)
    for variant in variants[1:]:
        every |= SearchQuery(variant, search_type="websearch", config=config)
    any_word = SearchQuery(" or ".join(words), search_type="websearch", config=config) if words else every
    return every, any_word


def _rank(every: SearchQuery, any_word: SearchQuery, normalization: int = NORMALIZATION, *, in_article=False):
    """Below 1 for a row with some of the words, 2 or more for one with every word; for a section,
    1 or more when its article as a whole has every word (a title word and a text word, say)."""
    levels = [When(search_vector=every, then=Value(EVERY_WORD))]
    if in_article:
        levels.append(When(article__search_vector=every, then=Value(EVERY_WORD_IN_ARTICLE)))
    has_every_word = Case(*levels, default=Value(0.0), output_field=FloatField())
    return SearchRank(F("search_vector"), any_word, normalization=Value(normalization)) + has_every_word


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


def _matching(queryset, every: SearchQuery, any_word: SearchQuery):
    return queryset.filter(Q(search_vector=any_word) | Q(search_vector=every))


def _top(queryset, every: SearchQuery, any_word: SearchQuery, limit: int = RESULTS_SHOWN, *, in_article=False):
    """The ids of the best `limit` rows, ranked on the stored, GIN-indexed vectors only."""
    rank = _rank(every, any_word, in_article=in_article)
    ranked = _matching(queryset, every, any_word).annotate(rank=rank).order_by("-rank", "pk")
    return ranked.values("pk")[:limit]


def _search_postgres(every: SearchQuery, any_word: SearchQuery, config: str, language: str, words) -> Results:
    results = Results(query="")
    # Headlines are the costly part: each query makes them only for the few rows it shows.
    top_sections = _top(Section.objects.filter(article__in=_articles(language)), every, any_word, in_article=True)
    sections = (
        Section.objects.filter(pk__in=top_sections)
        .select_related("article")
        .only("heading", "kind", "article__slug", "article__title")
        .annotate(rank=_rank(every, any_word, in_article=True), snippet=_headline("body", any_word, config))
    )
    section_results = [_section_result(s, _marked(s.snippet), s.rank) for s in sections]
    faqs = (
        FAQ.objects.filter(pk__in=_top(selectors.faq_list_published(language=language), every, any_word))
        .select_related("article")
        .only("question", "article__slug")
        .annotate(rank=_rank(every, any_word), snippet=_headline("answer", any_word, config))
    )
    faq_results = [_faq_result(faq, _marked(faq.snippet), faq.rank) for faq in faqs]
    terms = (
        GlossaryTerm.objects.filter(pk__in=_top(selectors.glossary_terms(language=language), every, any_word))
        .only("term", "slug")
        .annotate(rank=_rank(every, any_word), snippet=_headline("definition", any_word, config))
    )
    glossary_results = [_glossary_result(term, _marked(term.snippet), term.rank) for term in terms]
    results.answers = _ranked_answers(section_results, faq_results, glossary_results)

    # Each wording once (the same sign is written on many articles), then the best few.
    distinct_signs = (
        _matching(_warning_signs(language), every, any_word)
        .order_by("urgency", "text", "pk")
        .distinct("urgency", "text")
        .values("pk")
    )
    signs = (
        WarningSign.objects.filter(pk__in=distinct_signs)
        .only("urgency", "group", "text")
        .annotate(
            rank=_rank(every, any_word, SIGN_NORMALIZATION),
            snippet=_headline("text", any_word, config, highlight_all=True),
        )
    )
    results.warnings = [_warning_result(sign, _marked(sign.snippet), sign.rank) for sign in signs]

    surgeons = (
        Surgeon.objects.annotate(vector=SearchVector("name", "title", "specialties", "bio", config=config))
        .filter(vector=every)
        .order_by("name")[:RESULTS_SHOWN]
    )
    results.surgeons = [_surgeon_result(surgeon, words, EVERY_WORD) for surgeon in surgeons]
    return results


# Spelling suggestions --------------------------------------------------------
def suggest(query: str, language: str = "en") -> str:
    """The query with each misspelt word replaced by the closest known word of `language`, or ''.

    A word is never replaced when it is in the index's dictionary (the words of the content,
    warning signs and glossary, learnt as they are saved), accents or not, or in the language's
    general word lists (everyday and body words): a correctly spelt “room” never becomes a rarer
    content word such as “root”, nor “calf” the urgency words' “call”.
    """
    words = query.split()
    vocabulary = SearchWord.objects.filter(language=language)
    checkable = [word for word in words if WORD.fullmatch(word) and not is_everyday_word(word, language)]
    if not checkable:
        return ""
    lowered = sorted({w.lower() for w in checkable})
    known = {
        without_accents(word)
        for word in vocabulary.filter(Q(word__in=lowered) | Q(word__unaccent__in=lowered)).values_list(
            "word", flat=True
        )
    }
    changed = False
    suggestion = []
    for word in words:
        replacement = word
        if word in checkable and without_accents(word.lower()) not in known:
            replacement = _closest(word.lower(), vocabulary) or word
            changed = changed or replacement != word
        suggestion.append(replacement)
    return " ".join(suggestion) if changed else ""


def _closest(word: str, vocabulary) -> str:
    match = (
        vocabulary.annotate(similarity=TrigramSimilarity("word", word))
        .filter(similarity__gt=0.3)
        .order_by("-similarity", "word")
        .values_list("word", flat=True)
        .first()
    )
    return match or ""


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
        for language in _dirty_languages(Article.objects.all(), "language"):
            indexed += _index_articles(Article.objects.filter(search_index_dirty=True, language=language), language)
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
        (Article.objects.values_list("language", "title", "summary")),
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
    """Title (weight A), summary (B) and every section's heading and text in order (C)."""
    config = config_for(language)
    body = (
        Section.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(
            text=StringAgg(
                Concat("heading", Value(" "), "body", output_field=TextField()), " ", order_by=("order", "pk")
            )
        )
        .values("text")
    )
    return articles.update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector(Subquery(body), weight="C", config=config),
        search_index_dirty=False,
    )


def learn_words(text: str, language: str = "en") -> None:
    words = {word.lower() for word in WORD.findall(text)}
    SearchWord.objects.bulk_create([SearchWord(word=word, language=language) for word in words], ignore_conflicts=True)


def index_sections(sections, language: str) -> int:
    """Heading (weight A), the words of the section's type such as “Symptoms” (B), text (C)."""
    config = config_for(language)
    with translation.override(language):
        kind_words = Case(
            *(When(kind=kind, then=Value(str(label))) for kind, label in Section.Kind.choices),
            default=Value(""),
            output_field=TextField(),
        )
    return sections.update(
        search_vector=SearchVector("heading", weight="A", config=config)
        + SearchVector(kind_words, weight="B", config=config)
        + SearchVector("body", weight="C", config=config),
        search_index_dirty=False,
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
