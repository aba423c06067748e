"""Figures show something: a picture, one of our diagrams, or plainly marked words, by the section they explain."""

import pytest
from django.core.exceptions import ValidationError

from education.models import Figure
from tests.factories import ArticleFactory, FigureFactory, SectionFactory


def test_a_figure_without_a_picture_is_a_described_illustration(patient_client):
    article = ArticleFactory()
    section = SectionFactory(article=article, kind="surgical", body="How the operation goes.")
    FigureFactory(article=article, section=section, caption="A French rod bender", description="A tool to shape rods.")
    html = patient_client.get(article.get_absolute_url()).text
    assert '<figure class="article-figure described-figure">' in html
    assert "Picture described in words" in html
    assert "<img" not in html.split('described-figure">')[1].split("</figure>")[0]
    # Right after the section it explains.
    assert html.index("How the operation goes.") < html.index("A French rod bender")


def test_a_diagram_figure_shows_our_drawing_with_its_text_alternative(patient_client):
    article = ArticleFactory()
    FigureFactory(
        article=article,
        caption="A tube retractor",
        diagram=Figure.Diagram.TUBE_RETRACTOR,
        alt_text="A narrow tube between the back muscles, down to the bone.",
    )
    html = patient_client.get(article.get_absolute_url()).text
    assert (
        '<img src="/static/education/diagrams/tube-retractor.svg" alt="A narrow tube between the back muscles, '
        'down to the bone." class="article-diagram"' in html
    )
    assert "Picture described in words" not in html


def test_a_diagram_needs_a_text_alternative(db):
    figure = FigureFactory(diagram=Figure.Diagram.INCISION_SIZE, alt_text="")
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "alt_text" in error.value.message_dict


@pytest.mark.parametrize("diagram", Figure.Diagram.values)
def test_every_diagram_is_a_drawing_we_ship(diagram):
    from django.conf import settings

    drawing = settings.BASE_DIR / "static" / "education" / "diagrams" / f"{diagram}.svg"
    text = drawing.read_text(encoding="utf-8")
    # Served as an image: no script, no links; words live in the caption and text alternative, in each language.
    assert text.startswith("<svg")
    assert "<script" not in text
    assert "href" not in text
