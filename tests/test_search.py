import pytest
from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory, FAQFactory, GlossaryTermFactory, SectionFactory, SurgeonFactory


def publish_with_text(title, summary, body, **kwargs):
    article = ArticleFactory(title=title, summary=summary, **kwargs)
    SectionFactory(article=article, kind="symptoms", heading="What you feel", body=body)
    article.refresh_text_stats()  # what the admin and the importer do after saving
    return article


@pytest.fixture
def corpus(db):
    publish_with_text("Herniated disc", "When a disc bulges out.", "A herniated disc can press on a nerve.")
    publish_with_text("Spinal stenosis", "A narrow spinal canal.", "Stenosis can follow a herniated disc years later.")
    publish_with_text(
        "Secret draft", "Herniated disc draft.", "Herniated herniated herniated.", status=Article.Status.DRAFT
    )
    FAQFactory(question="Can a herniated disc heal?", answer="Many heal with time and exercise.")
    FAQFactory(question="Hidden herniated question?", answer="No.", is_published=False)
    GlossaryTermFactory(
        term="Herniation",
        slug="herniation",
        definition="A disc that bulges out of place.",
        also_known_as="herniated disc",
    )
    SurgeonFactory(name="Dr. Disc Expert", specialties="Herniated disc surgery")


def search(client, q):
    return client.get(reverse("education:search"), {"q": q})


def test_a_heading_match_ranks_first_and_links_to_the_section(patient_client, corpus):
    response = search(patient_client, "herniated disc")
    sections = [r for r in response.context_data["results"].answers if r.type == "section"]
    assert [s.article for s in sections] == ["Herniated disc", "Spinal stenosis"]
    assert sections[0].url.endswith("#what-you-feel")


def test_sections_questions_and_words_are_ranked_together(patient_client, corpus):
    results = search(patient_client, "herniated").context_data["results"]
    assert {r.type for r in results.answers} == {"section", "faq", "glossary"}
    assert [r.title for r in results.answers if r.type == "faq"] == ["Can a herniated disc heal?"]
    assert [g.title for g in results.answers if g.type == "glossary"] == ["Herniation"]
    assert [s.title for s in results.surgeons] == ["Dr. Disc Expert"]
    ranks = [r.rank for r in results.answers]
    assert ranks == sorted(ranks, reverse=True)


def test_unpublished_content_is_never_found(patient_client, corpus):
    html = search(patient_client, "herniated").text
    assert "Secret draft" not in html
    assert "Hidden herniated question?" not in html


def test_snippets_highlight_matches_and_escape_the_rest(patient_client, db):
    publish_with_text("Nerves", "About nerves.", "The <b>sciatic</b> nerve runs down the leg.")
    results = search(patient_client, "sciatic").context_data["results"]
    snippet = str(results.answers[0].snippet)
    assert "<mark>sciatic</mark>" in snippet.lower()
    assert "<b>" not in snippet


def test_a_misspelling_is_corrected_and_still_finds_material(patient_client, corpus):
    response = search(patient_client, "herniatd")
    results = response.context_data["results"]
    assert results.suggestion == "herniated"
    assert results.answers[0].title in {"Herniation", "What you feel", "Can a herniated disc heal?"}
    assert "Did you mean <strong>herniated</strong>?" in response.text


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word to search for"),
        ("   ", "Type a word to search for"),
        ("a", "at least 2 letters"),
        ("?!?!", "letters or numbers"),
        ("x" * 201, "200 characters or fewer"),
    ],
)
def test_unusable_queries_get_a_friendly_message(patient_client, db, q, message):
    response = search(patient_client, q)
    assert response.status_code == 200
    assert message in response.text


def test_search_page_queries_stay_constant_as_matches_grow(patient_client, corpus, django_assert_max_num_queries):
    for number in range(20):
        publish_with_text(f"Disc story {number}", "Herniated again.", "More about a herniated disc.")
        FAQFactory(question=f"Herniated question {number}?", answer="Yes.")
    with django_assert_max_num_queries(9):
        response = search(patient_client, "herniated")
    assert len(response.context_data["results"].answers) == 10
