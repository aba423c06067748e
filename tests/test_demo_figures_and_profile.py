"""The demo article's figures sit by the section they explain, with our diagrams; the profile reads right."""

from io import StringIO

import pytest
from django.core.management import call_command

from education.demo import DEMO_SLUG, DEMO_SLUG_SPANISH
from education.models import FAQ, Article, Figure, Surgeon


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-accounts", stdout=StringIO())


@pytest.mark.parametrize("slug", [DEMO_SLUG, DEMO_SLUG_SPANISH])
def test_implant_figures_explain_the_surgery_not_who_does_it(demo, slug):
    figures = Figure.objects.filter(article__slug=slug).select_related("section")
    assert not figures.filter(section__kind="care_team").exists()
    by_diagram = {figure.diagram: figure for figure in figures if figure.diagram}
    assert set(by_diagram) == set(Figure.Diagram.values)
    assert by_diagram["tube-retractor"].section.kind == "classification"
    assert by_diagram["incision-size"].section.kind == "surgical"
    assert all(figure.alt_text for figure in by_diagram.values())


def test_loading_the_demo_twice_adds_the_diagrams_once(demo):
    call_command("load_demo", "--no-accounts", stdout=StringIO())
    assert Figure.objects.filter(article__slug=DEMO_SLUG).exclude(diagram="").count() == 3


def test_the_profile_page_does_not_send_the_reader_to_itself(demo, patient_client):
    surgeon = Surgeon.objects.get(slug="vedant-vaksha")
    assert "profile page" not in surgeon.bio
    assert "página de mi perfil" not in surgeon.bio_es
    assert "Please read my profile page" not in patient_client.get(surgeon.get_absolute_url()).text


def test_the_demo_questions_are_grouped_by_topic(demo):
    article = Article.all_objects.get(slug=DEMO_SLUG)
    topics = set(FAQ.objects.filter(article=article).values_list("topic", flat=True))
    assert topics == {
        "What MISS is and who it helps",
        "Recovery and healing",
        "Risks",
        "Implants",
        "Tools, navigation and new technology",
    }
    risks = FAQ.objects.filter(article=article, topic="Risks").values_list("question", flat=True)
    assert set(risks) == {"Are there risks that last a long time?", "Does MISS have risks?"}
