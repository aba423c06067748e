"""Search ranks a bounded set of candidates found through each language's own index (issue 35),
and still finds exactly what each reader may read."""

import json

import pytest
from django.db import connection

from education import search
from education.models import Article
from tests.factories import ArticleFactory, FAQFactory, SectionFactory

pytestmark = pytest.mark.django_db


def publish(title, body, **kwargs):
    article = ArticleFactory(title=title, summary="About it.", **kwargs)
    SectionFactory(article=article, kind="overview", heading="Overview", body=body)
    article.refresh_text_stats()
    return article


def articles_found(query, language="en"):
    return {result.article for result in search.search(query, language).answers if result.type == "section"}


def test_a_spanish_reader_finds_english_articles_not_yet_translated_and_never_both_versions():
    translated = publish("Neck fusion", "A fusion joins two neck bones.")
    publish("Fusión de cuello", "Una fusión une dos huesos del cuello.", language="es", translation_of=translated)
    publish("Back fusion", "A fusion joins two back bones.")
    assert articles_found("fusion", "es") == {"Fusión de cuello", "Back fusion"}
    assert articles_found("fusion", "en") == {"Neck fusion", "Back fusion"}


def test_a_draft_translation_leaves_the_english_article_found():
    english = publish("Neck fusion", "A fusion joins two neck bones.")
    publish(
        "Fusión de cuello",
        "Una fusión une dos huesos.",
        language="es",
        translation_of=english,
        status=Article.Status.DRAFT,
    )
    assert articles_found("fusion", "es") == {"Neck fusion"}


def test_a_spanish_reader_sees_the_questions_of_english_articles_not_yet_translated():
    english = publish("Back fusion", "A fusion joins two back bones.")
    FAQFactory(article=english, language="en", question="Will the fusion hurt?", answer="A little.")
    FAQFactory(article=None, language="en", question="Is fusion common?", answer="Yes.")
    questions = {result.title for result in search.search("fusion", "es").answers if result.type == "faq"}
    # No clinic-wide Spanish questions: the English ones are shown, as on the FAQ page.
    assert questions == {"Will the fusion hurt?", "Is fusion common?"}


def test_a_word_of_the_other_language_finds_nothing_of_it():
    publish("Dolor de espalda", "El dolor de espalda mejora con el tiempo.", language="es")
    assert articles_found("dolor", "en") == set()
    assert articles_found("dolor", "es") == {"Dolor de espalda"}


def test_with_more_matches_than_candidates_a_row_with_every_word_still_comes_first(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    for number in range(5):
        publish(f"Fusion story {number}", "A fusion joins two bones.")
    publish("Fusion recovery", "Recovery after a fusion takes months.")  # the last row the index holds
    results = search.search("fusion recovery", "en")
    assert results.answers[0].article == "Fusion recovery"
    assert len([result for result in results.answers if result.type == "section"]) <= 2 * 2


def test_rows_with_some_of_the_words_are_ranked_only_while_fewer_than_candidates_have_every_word(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    publish("Fusion recovery", "Recovery after a fusion takes months.")
    publish("Fusion walking", "Walking helps a fusion heal.")
    publish("Fusion basics", "A fusion joins two bones.")
    walking = {answer.article for answer in search.search("fusion walking", "en").answers}
    assert "Fusion walking" in walking  # one row with every word: those with some of them fill the list
    assert {"Fusion recovery", "Fusion basics"} & walking
    FAQFactory(question="Is fusion walking safe?", answer="Yes, walking after fusion is safe.")
    FAQFactory(question="Fusion walking aids?", answer="A walker helps.")
    FAQFactory(question="How long does a fusion take?", answer="A few hours.")
    faqs = [answer.title for answer in search.search("fusion walking", "en").answers if answer.type == "faq"]
    # two FAQs with every word fill the candidates: the one with only "fusion" is not read
    assert sorted(faqs) == ["Fusion walking aids?", "Is fusion walking safe?"]


def _article_index_scans(query: str) -> list[int]:
    """How many times each tier's read of the articles ran in the search's ranking statement (an
    English reader's: the tier with every word, then the one with some of them)."""
    statements = []
    fetch = search._fetch_prepared

    def keep(sql):
        statements.append((str(sql), list(sql.params)))
        return fetch(sql)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_fetch_prepared", keep)
        search.search(query, "en")
    text, params = statements[0]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + text, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    # The tiers read the table under its own name (education_article, education_article_1); the
    # other reads of it (the section's article, readability checks) have short aliases.
    return [
        node["Actual Loops"]
        for node in nodes(plan[0]["Plan"])
        if node.get("Relation Name") == "education_article" and node["Alias"].startswith("education_article")
    ]


def test_articles_with_some_of_the_words_are_not_read_once_those_with_every_word_fill_the_page():
    """Sections of an article with every word rank above any section of an article without, so once
    the articles with every word have RESULTS_SHOWN matching sections, the articles with only some
    of the words (for two common words, nearly all of them) are not read at all."""
    full = ArticleFactory(title="Fusion walking", summary="About it.")
    for number in range(search.RESULTS_SHOWN):
        SectionFactory(article=full, kind="overview", heading=f"Part {number}", body="Walking after a fusion helps.")
    full.refresh_text_stats()
    for number in range(3):
        publish(f"Fusion story {number}", "A fusion joins two bones.")
    assert _article_index_scans("fusion walking") == [1, 0]  # the tier with every word, then the other: not run
    answers = search.search("fusion walking", "en").answers
    assert {answer.article for answer in answers if answer.type == "section"} == {"Fusion walking"}


def test_articles_with_some_of_the_words_are_read_while_those_with_every_word_leave_room():
    publish("Fusion walking", "Walking after a fusion helps.")
    publish("Fusion story", "A fusion joins two bones.")
    assert _article_index_scans("fusion walking") == [1, 1]
    answers = search.search("fusion walking", "en").answers
    assert {answer.article for answer in answers if answer.type == "section"} == {"Fusion walking", "Fusion story"}
