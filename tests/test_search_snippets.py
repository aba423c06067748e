"""Search's snippets are made in the web process (round 6): the words PostgreSQL matched, marked whole,
in a short window of the row's plain text, with no statement of their own."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from education import search
from education.demo import demo_load
from education.models import FAQ, Section
from tests.test_search import publish_with_text

MARKED = re.compile(r"<mark>([^<]*)</mark>")


def marked(snippet) -> list[str]:
    return MARKED.findall(str(snippet))


def test_every_form_of_a_word_is_marked_as_postgresql_stems_it():
    snippet = search.snippet("After surgeries, most surgery patients walk.", ["surgery"], "english")
    assert marked(snippet) == ["surgeries", "surgery"]


def test_only_whole_words_are_marked():
    snippet = search.snippet("Take care of the scar; Medicare pays for a car.", ["car"], "english")
    assert marked(snippet) == ["car"]


def test_a_long_text_shows_a_window_around_the_matches_with_marks_where_it_goes_on():
    words = [f"word{number}" for number in range(60)]
    words[40] = "fever"
    snippet = str(search.snippet(" ".join(words), ["fever"], "english"))
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>fever</mark>" in snippet
    shown = re.sub(r"</?mark>|…", "", snippet).split()
    assert len(shown) == search.SNIPPET_WORDS
    assert shown.index("fever") > 5  # words before the match, not only after it


def test_the_window_holds_the_most_matches():
    words = [f"word{number}" for number in range(80)]
    words[3] = "fever"
    words[50] = words[53] = "fever"
    words[56] = "chills"
    snippet = search.snippet(" ".join(words), ["fever", "chills"], "english")
    assert marked(snippet) == ["fever", "fever", "chills"]


def test_a_short_text_is_shown_whole_without_marks_of_omission():
    assert str(search.snippet("Rest and walk.", ["walk"], "english")) == "Rest and <mark>walk</mark>."


def test_a_warning_sign_is_shown_whole_with_every_match_marked():
    text = " ".join(["fever"] + ["word"] * 40 + ["fever"])
    snippet = str(search.snippet(text, ["fever"], "english", whole=True))
    assert marked(snippet) == ["fever", "fever"]
    assert "…" not in snippet


def test_markdown_and_html_are_shown_as_plain_escaped_words():
    snippet = str(
        search.snippet(
            "### Costs\n\n**Medicare** pays, see [the list](https://x.test) <b>now</b>", ["medicare"], "english"
        )
    )
    assert "<mark>Medicare</mark>" in snippet
    assert "###" not in snippet
    assert "**" not in snippet
    assert "https://" not in snippet
    assert "&lt;b&gt;" in snippet


def test_spanish_words_are_stemmed_as_spanish():
    snippet = search.snippet(
        "Después de la cirugía, camine. Las cirugías duran horas.", ["después", "cirugía"], "spanish"
    )
    assert marked(snippet) == ["Después", "cirugía", "cirugías"]


def test_a_text_with_no_words_is_shown_as_it_is():
    assert str(search.snippet("—", ["fever"], "english")) == "—"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "config"), [("en", "english"), ("es", "spanish")])
def test_the_stems_are_postgresqls_for_every_word_of_the_demo_content(language, config):
    """The marks follow PostgreSQL's matches only while the stemmers agree: compare them on every word."""
    demo_load()
    texts = [*Section.objects.filter(article__language=language).values_list("body", flat=True)]
    texts += FAQ.objects.filter(language=language).values_list("answer", flat=True)
    words = sorted({word.lower() for text in texts for word in search.TOKEN.findall(text) if not word.isdigit()})
    assert len(words) > 300
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ARRAY(SELECT unnest(tsvector_to_array(to_tsvector(%s::regconfig, word)))) "
            "FROM unnest(%s::text[]) AS word",
            [config, words],
        )
        postgres = dict(cursor.fetchall())
    ours = dict(zip(words, search.stems(words, config), strict=True))
    # A stopword has no lexeme in PostgreSQL: a query never holds one, so its stem is never looked for.
    differ = {word: (ours[word], lexemes) for word, lexemes in postgres.items() if lexemes and [ours[word]] != lexemes}
    assert not differ


def test_the_search_page_shows_the_snippet_marked(patient_client, db):
    publish_with_text("Walking", "About walking.", "Walk a little more each day after your surgery.")
    response = patient_client.get(reverse("education:search"), {"q": "walking"})
    assert "<mark>Walk</mark> a little more each day" in response.text


def test_an_edited_section_shows_its_new_words_in_the_next_search(patient_client, db):
    """The words kept per process are keyed by the text: an edit can never show the old snippet."""
    article = publish_with_text("Walking", "About walking.", "Walk a little more each day after your surgery.")
    url = reverse("education:search")
    assert "a little more each day" in patient_client.get(url, {"q": "walking"}).text
    section = article.sections.get()
    section.body = "Walk to the mailbox and back twice a day."
    section.save()
    article.refresh_text_stats()  # what the admin and the importer do after saving
    html = patient_client.get(url, {"q": "walking"}).text
    assert "<mark>Walk</mark> to the mailbox and back twice a day." in html
    assert "a little more each day" not in html
