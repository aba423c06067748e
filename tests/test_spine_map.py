"""The home page's spine map: a drawing of the spine whose regions link to their articles."""

import re

from django.urls import reverse

from tests.factories import ArticleFactory
from tests.test_spanish import switch


def region_link(html: str, region: str) -> str:
    match = re.search(rf'<a href="/articles/\?region={region}"[^>]*>.*?</a>', html, re.S)
    assert match, f"no link for {region}"
    return match.group(0)


def test_each_region_is_a_link_with_the_number_of_articles_or_nothing_yet(patient_client):
    ArticleFactory(title="Neck pain").regions.add("cervical")
    ArticleFactory(title="Sciatica").regions.add("lumbar")
    ArticleFactory(title="Low back fusion").regions.add("lumbar")
    ArticleFactory(title="A draft", status="draft").regions.add("thoracic")
    html = patient_client.get(reverse("home")).text
    assert '<svg class="spine-map"' in html
    assert 'aria-labelledby="spine-title spine-desc"' in html
    assert 'aria-label="Neck (cervical spine): 1 article"' in region_link(html, "cervical")
    assert "2 articles" in region_link(html, "lumbar")
    # Drafts do not count: the upper back has nothing a patient can read yet.
    assert 'aria-label="Upper and mid back (thoracic spine): Nothing to read here yet"' in region_link(html, "thoracic")
    assert "Nothing to read here yet" in region_link(html, "sacral")


def test_the_drawing_has_every_vertebra_and_the_sacrum(patient_client):
    html = patient_client.get(reverse("home")).text
    counts = {
        region: region_link(html, region).count('class="spine-bone"') for region in ("cervical", "thoracic", "lumbar")
    }
    assert counts == {"cervical": 7, "thoracic": 12, "lumbar": 5}
    assert "spine-line" in region_link(html, "sacral")  # the sacrum's fused segments


def test_a_spanish_reader_sees_spanish_labels_and_counts(patient_client):
    ArticleFactory(title="Neck pain").regions.add("cervical")
    switch(patient_client, "es")
    html = patient_client.get(reverse("home")).text
    assert "Cuello" in region_link(html, "cervical")
    assert "1 artículo" in region_link(html, "cervical")
    assert "Espalda alta" in region_link(html, "thoracic")
    assert "Aún no hay nada que leer" in region_link(html, "thoracic")
    assert ">Neck<" not in html


def test_a_region_with_nothing_yet_says_so_and_links_to_all_articles(patient_client):
    ArticleFactory(title="Sciatica").regions.add("lumbar")
    response = patient_client.get(reverse("education:article_list"), {"region": "sacral"})
    assert "Nothing to read here yet." in response.text
    assert f'<a href="{reverse("education:article_list")}">See all articles</a>' in response.text
    assert "No articles match" not in response.text
