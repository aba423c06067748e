import pytest

from education.models import Section
from tests.factories import ArticleFactory, SectionFactory


@pytest.mark.parametrize("kind", Section.Kind.values)
def test_every_section_type_renders_with_its_heading_and_text(patient_client, kind):
    article = ArticleFactory(slug=f"about-{kind}")
    SectionFactory(article=article, kind=kind, heading="", body=f"Text for {kind}.\n\n- first point\n- second point")
    html = patient_client.get(article.get_absolute_url()).text
    label = str(Section.Kind(kind).label)
    assert f"<h2>{label}</h2>".replace("'", "&#x27;") in html
    assert f"<p>Text for {kind}.</p>" in html
    assert "<li>first point</li>" in html
    assert f"section-{kind}" in html
