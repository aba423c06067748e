from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory


def test_list_shows_published_articles_by_title_with_reading_time(patient_client):
    ArticleFactory(title="Zebra spine")
    ArticleFactory(title="Apple spine")
    ArticleFactory(title="Hidden draft", status=Article.Status.DRAFT)
    html = patient_client.get(reverse("education:article_list")).text
    assert html.index("Apple spine") < html.index("Zebra spine")
    assert "Hidden draft" not in html
    assert "1 minute read" in html


def test_list_filters_by_region_and_kind(patient_client):
    neck = ArticleFactory(title="Neck article", kind="condition")
    neck.regions.add("cervical")
    back = ArticleFactory(title="Back article", kind="procedure")
    back.regions.add("lumbar")
    html = patient_client.get(reverse("education:article_list"), {"region": "cervical"}).text
    assert "Neck article" in html
    assert "Back article" not in html
    html = patient_client.get(reverse("education:article_list"), {"kind": "procedure"}).text
    assert "Back article" in html
    assert "Neck article" not in html


def test_a_bad_filter_is_ignored_not_an_error(patient_client):
    ArticleFactory(title="Any article")
    response = patient_client.get(reverse("education:article_list"), {"region": "elbow"})
    assert response.status_code == 200
    assert "Any article" in response.text
