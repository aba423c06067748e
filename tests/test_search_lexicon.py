"""The search lexicon each process holds (synonyms, spelling words, trigrams; issue 35) is never
stale: every change to what it holds is seen by the next search, and no search result is kept."""

import pytest
from django.core.cache import cache
from django.db import connection

from education import search
from education.models import SearchSynonym, SearchWord
from education.rendering import content_version
from education.search_lexicon import SIMILARITY_THRESHOLD, Lexicon, lexicon, similarity, trigrams
from tests.factories import ArticleFactory, GlossaryTermFactory, SectionFactory

pytestmark = pytest.mark.django_db


def publish_with_text(title, body):
    article = ArticleFactory(title=title, summary="About it.")
    SectionFactory(article=article, kind="overview", heading="Overview", body=body)
    article.refresh_text_stats()
    return article


def titles(query, language="en"):
    return [result.article or result.title for result in search.search(query, language).all]


def statements(run):
    """The SQL statements `run()` sends to PostgreSQL."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        run()
    return sent


def ranked(sent):
    """The query that ranks education's rows (the care app's pathway steps rank their own)."""
    return [(sql, params) for sql, params in sent if "FROM education_section s" in sql]


def test_a_synonym_saved_is_used_by_the_next_search():
    publish_with_text("Belly ache", "Your stomach may hurt after anesthesia.")
    assert titles("collywobbles") == []
    SearchSynonym.objects.create(language="en", words="collywobbles, stomach")
    assert titles("collywobbles") == ["Belly ache"]


def test_a_synonym_deleted_is_no_longer_used():
    publish_with_text("Belly ache", "Your stomach may hurt after anesthesia.")
    synonym = SearchSynonym.objects.create(language="en", words="collywobbles, stomach")
    assert titles("collywobbles") == ["Belly ache"]
    synonym.delete()
    assert titles("collywobbles") == []


def test_a_glossary_terms_other_name_changed_is_used_by_the_next_search():
    publish_with_text("Nerve pain", "Sciatica runs down the leg.")
    term = GlossaryTermFactory(term="Sciatica", slug="sciatica", definition="Pain along the sciatic nerve.")
    assert "Nerve pain" not in titles("lumbago")
    term.also_known_as = "lumbago"
    term.save()
    assert "Nerve pain" in titles("lumbago")


def test_a_word_learnt_from_new_content_is_suggested_and_then_known():
    assert search.suggest("kyphoplsty", "en") == ""
    publish_with_text("Kyphoplasty", "Kyphoplasty fills a broken vertebra with cement.")
    assert search.suggest("kyphoplsty", "en") == "kyphoplasty"
    assert search.suggest("kyphoplasty", "en") == ""


def test_new_words_move_the_content_version_on_once_committed(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        search.learn_words("Vertebroplasty", "en")
    assert content_version() > before
    settled = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        search.learn_words("Vertebroplasty", "en")  # known already: nothing changes
    assert callbacks == []
    assert content_version() == settled


def test_a_synonym_moves_the_content_version_on_at_once_and_again_when_committed(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(language="en", words="collywobbles, stomach")
        assert content_version() == before + 1
    assert content_version() == before + 2


def test_an_emptied_cache_starts_a_version_never_used_before():
    held = content_version()
    lexicon("en")
    cache.clear()  # what the cache does when Redis answers again after an outage
    assert content_version() != held


def test_the_lexicon_is_held_between_searches_and_rebuilt_after_a_change(django_assert_num_queries):
    publish_with_text("Fusion", "A fusion joins two bones.")
    first = lexicon("en")
    with django_assert_num_queries(0):
        assert lexicon("en") is first
    SearchWord.objects.create(language="en", word="arthrodesis")
    publish_with_text("Another", "Another fusion.")  # any content change
    assert lexicon("en") is not first
    assert lexicon("en").knows("arthrodesis")


def test_during_a_redis_outage_each_search_builds_its_own(monkeypatch):
    held = lexicon("en")
    monkeypatch.setattr(cache, "is_degraded", True, raising=False)
    assert lexicon("en") is not held


def test_a_warm_search_asks_postgresql_only_for_its_rows_with_their_text():
    """One statement: the snippets are made from the text it returns (round 6), not by ts_headline."""
    publish_with_text("Fusion", "A fusion joins two bones.")
    search.search("fusion", "en")
    sent = statements(lambda: search.search("bones fusion", "en"))
    education_tables = {"education_searchword", "education_searchsynonym"}
    assert not [sql for sql, _ in sent if any(table in sql for table in education_tables)]
    assert len(ranked(sent)) == 1
    assert len(sent) == 1
    assert not [sql for sql, _ in sent if "ts_headline" in sql]


def test_every_search_reaches_postgresql_even_the_same_query_again():
    publish_with_text("Fusion", "A fusion joins two bones.")
    for query in ("fusion", "bones", "fusion"):
        sent = statements(lambda query=query: search.search(query, "en"))
        assert len(ranked(sent)) == 1, query
        assert query in ranked(sent)[0][1]


@pytest.mark.parametrize(
    ("typed", "known"),
    [("herniatd", "herniated"), ("fusion", "fusión"), ("spien", "spine"), ("recovry", "recovery"), ("a", "ab")],
)
def test_trigram_likeness_is_postgresqls(typed, known):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [typed, known])
        expected = cursor.fetchone()[0]
    assert similarity(trigrams(typed), trigrams(known)) == pytest.approx(expected, abs=1e-6)


def _lexicon_of(words: list[str]) -> Lexicon:
    by_trigram: dict[str, list[str]] = {}
    for word in sorted(words):
        for trigram in trigrams(word):
            by_trigram.setdefault(trigram, []).append(word)
    return Lexicon(
        language="en",
        synonyms=[],
        synonym_words=frozenset(),
        words=frozenset(words),
        by_bare={},
        by_trigram=by_trigram,
        word_trigrams={word: trigrams(word) for word in words},
        faq_language="en",
        glossary_language="en",
    )


def _closest_by_comparing_every_word(lexicon: Lexicon, typed: str) -> str:
    """What `closest` must answer: the word with the highest likeness above the threshold, the first
    in alphabetical order among equals."""
    scored = [(similarity(trigrams(typed), trigrams(word)), word) for word in lexicon.words]
    above = [(score, word) for score, word in scored if score > SIMILARITY_THRESHOLD]
    if not above:
        return ""
    best = max(score for score, _ in above)
    return min(word for score, word in above if score == best)


WORDS = ["disc", "disk", "discs", "spine", "spinal", "spin", "pain", "paint", "plain", "recovery", "recover", "fusión"]


@pytest.mark.parametrize("typed", ["dsic", "dis", "spien", "spnie", "pian", "paine", "recovry", "fusion", "xyz", "a"])
def test_the_closest_word_is_the_likeliest_and_the_first_alphabetically_among_equals(typed):
    lexicon = _lexicon_of(WORDS)
    assert lexicon.closest(typed) == _closest_by_comparing_every_word(lexicon, typed)


def test_equally_alike_words_give_the_first_alphabetically():
    lexicon = _lexicon_of(["pains", "paint"])  # "pain" shares as many trigrams with each
    assert similarity(trigrams("pain"), trigrams("pains")) == similarity(trigrams("pain"), trigrams("paint"))
    assert lexicon.closest("pain") == "pains"
    assert _lexicon_of(["zzz"]).closest("pain") == ""
