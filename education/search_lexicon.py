"""What search knows besides the index, held in each process: synonyms, the spelling vocabulary
and which languages' FAQs and glossary a reader sees (issue 35).

Every search used to ask PostgreSQL for the synonym list, the words of the index (accents back,
“did you mean”, one trigram query per misspelt word) and rebuilt the same SQL. These change only
when content does, so each process keeps them per language and content version
(`education.rendering.content_version`, which comes with the session's read on a logged-in
request): a search then asks PostgreSQL only for its ranked rows and their snippets.

Cleared by every change to what it holds: a content change (articles, parts, glossary terms, so
the glossary's other names) bumps the content version, and so do a synonym saved or deleted and
new words learnt (see `education.signals` and `education.search.learn_words`). While Redis is
unreachable the version cannot be trusted, so each search builds its own (slower, never stale).
No result of a query is kept: each new query is ranked by PostgreSQL.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import TextField, Value
from django.db.models.functions import Concat

from education import selectors
from education.models import GlossaryTerm, SearchSynonym, SearchWord
from education.rendering import content_version
from education.search_words import without_accents

# A misspelt word is replaced only by a word at least this alike (pg_trgm's default threshold).
SIMILARITY_THRESHOLD = 0.3
_TRIGRAM_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def trigrams(word: str) -> frozenset[str]:
    """The trigrams of `word` as PostgreSQL's pg_trgm makes them: each run of letters and digits,
    lowercased, padded with two spaces in front and one behind."""
    found = set()
    for part in _TRIGRAM_WORD.findall(word.lower()):
        padded = f"  {part} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def similarity(one: frozenset[str], other: frozenset[str]) -> float:
    """pg_trgm's `similarity`: shared trigrams over all trigrams of both."""
    shared = len(one & other)
    return shared / (len(one) + len(other) - shared) if one or other else 0.0


@dataclass
class Lexicon:
    """One language's synonyms, known words and fallback languages, as of one content version."""

    language: str
    # Phrases that mean the same, each group's phrases longest first with their patterns.
    synonyms: list[list[tuple[str, re.Pattern]]]
    synonym_words: frozenset[str]  # every word of the synonyms' phrases
    words: frozenset[str]  # the index's dictionary (SearchWord)
    by_bare: dict[str, list[str]] = field(repr=False)  # a word without accents → the words spelt so
    by_trigram: dict[str, list[str]] = field(repr=False)
    word_trigrams: dict[str, frozenset[str]] = field(repr=False)
    # The languages of the clinic-wide FAQs and of the glossary a reader of this language sees.
    faq_language: str
    glossary_language: str

    def knows(self, word: str) -> bool:
        """`word` (lowercase) is in the index's dictionary, with or without its accents."""
        return word in self.words or without_accents(word) in self.by_bare

    def spelt_with_accents(self, bare: str) -> list[str]:
        return self.by_bare.get(bare, [])

    def closest(self, word: str) -> str:
        """The known word most like `word` (ties: alphabetical), as pg_trgm's similarity ranks them, or ''."""
        wanted = trigrams(word)
        # How many trigrams each known word shares with `word`: each word is once in a trigram's list.
        shared = Counter()
        for trigram in wanted:
            shared.update(self.by_trigram.get(trigram, ()))
        best, best_score = "", SIMILARITY_THRESHOLD
        for known, count in shared.items():
            # pg_trgm's `similarity` (see `similarity`), from the count.
            score = count / (len(wanted) + len(self.word_trigrams[known]) - count)
            if score > best_score or (score == best_score and best and known < best):
                best, best_score = known, score
        return best


_held: dict[str, tuple[int, Lexicon]] = {}


def lexicon(language: str) -> Lexicon:
    """This process's lexicon of `language` for the current content version (built on a change)."""
    if getattr(cache, "is_degraded", False):
        return lexicon_build(language)
    version = content_version()
    held = _held.get(language)
    if held is not None and held[0] == version:
        return held[1]
    built = lexicon_build(language)
    _held[language] = (version, built)
    return built


def lexicon_build(language: str) -> Lexicon:
    """Four queries at most: the synonym list with the glossary's other names, the index's words,
    and whether the language has clinic-wide FAQs and glossary terms of its own."""
    words = frozenset(SearchWord.objects.filter(language=language).values_list("word", flat=True))
    by_bare: dict[str, list[str]] = defaultdict(list)
    by_trigram: dict[str, list[str]] = defaultdict(list)
    word_trigrams = {}
    for word in sorted(words):
        by_bare[without_accents(word)].append(word)
        word_trigrams[word] = trigrams(word)
        for trigram in word_trigrams[word]:
            by_trigram[trigram].append(word)
    groups = _synonym_groups(language)
    return Lexicon(
        language=language,
        synonyms=[
            [
                (phrase, re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"))
                for phrase in sorted(group, key=len, reverse=True)
            ]
            for group in groups
        ],
        synonym_words=frozenset(word for group in groups for phrase in group for word in _TRIGRAM_WORD.findall(phrase)),
        words=words,
        by_bare=dict(by_bare),
        by_trigram=dict(by_trigram),
        word_trigrams=word_trigrams,
        faq_language=selectors.faq_general_language(language=language),
        glossary_language=selectors.glossary_language(language=language),
    )


def _synonym_groups(language: str) -> list[list[str]]:
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
