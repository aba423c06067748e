"""Every patient page has a fixed query budget that does not grow with the content.

Each page is measured with a little content, then with ten times as much, for an
English reader and for a Spanish one (every article then has a Spanish translation).
"""

import pytest
from django.urls import reverse

from education.models import Section
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
    SurgeonFactory,
    WarningSignFactory,
)

# page name, URL kwargs, budget for a logged-in patient (session and user included)
PAGES = [
    ("home", {}, 4),
    ("education:article_list", {}, 6),
    ("education:faq_list", {}, 7),
    ("education:surgeon_list", {}, 4),
    ("education:glossary", {}, 5),
    ("education:warning_sign_guide", {}, 5),
    ("care:my_page", {}, 7),  # +1: due questionnaires (outcomes)
    # +1 (issue 31): published pathway steps; a Spanish word typed without accents asks the index once more.
    ("education:search", {"q": "spine"}, 10),
]


def grow(patient, start: int, stop: int) -> None:
    surgeon = SurgeonFactory()
    for n in range(start, stop):
        article = ArticleFactory(title=f"Spine article {n}", author=surgeon, is_post_operative=True)
        article.regions.add("lumbar")
        SectionFactory(article=article, kind=Section.Kind.OVERVIEW, body="About the spine.")
        FAQFactory(article=article, question=f"Spine question {n}?", topic=f"Topic {n % 3}")
        WarningSignFactory(article=article, text=f"Sign {n}")
        GlossaryTermFactory(term=f"word{n}", slug=f"word{n}")
        AssignmentFactory(patient=patient, article=article)
        article.refresh_text_stats()
        translation = ArticleFactory(title=f"Artículo {n}", author=surgeon, language="es", translation_of=article)
        SectionFactory(article=translation, kind=Section.Kind.OVERVIEW, body="Sobre la columna.")
        FAQFactory(article=translation, question=f"¿Pregunta {n}?", topic=f"Tema {n % 3}")
        GlossaryTermFactory(term=f"palabra{n}", slug=f"palabra{n}", language="es")
        translation.refresh_text_stats()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("name", "query", "budget"), PAGES)
def test_queries_stay_within_budget_as_content_grows_tenfold(
    patient_client, patient, django_assert_max_num_queries, name, query, budget, language
):
    url = reverse(name)
    patient.preferred_language = language
    patient.save(update_fields=["preferred_language"])
    # A Spanish reader's pages ask once more: is there a Spanish version of this list?
    budget += language == "es"
    grow(patient, 0, 2)
    with django_assert_max_num_queries(budget) as small:
        assert patient_client.get(url, query).status_code == 200
    few = len(small.captured_queries)
    grow(patient, 2, 20)
    with django_assert_max_num_queries(few):
        assert patient_client.get(url, query).status_code == 200
