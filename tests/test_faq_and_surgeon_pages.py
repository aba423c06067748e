from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory, FAQFactory, SurgeonFactory


def test_faq_page_groups_published_questions_by_article_and_filters_by_topic(patient_client):
    article = ArticleFactory(title="Neck surgery")
    FAQFactory(article=article, question="Does it hurt?", topic="Pain")
    FAQFactory(article=article, question="When can I drive?", topic="Recovery")
    FAQFactory(article=article, question="Secret?", is_published=False)
    FAQFactory(article=ArticleFactory(status=Article.Status.DRAFT), question="From a draft?")
    FAQFactory(article=None, question="General one?")
    html = patient_client.get(reverse("education:faq_list")).text
    assert "Does it hurt?" in html
    assert "General questions" in html
    assert "Secret?" not in html
    assert "From a draft?" not in html
    html = patient_client.get(reverse("education:faq_list"), {"topic": "Pain"}).text
    assert "Does it hurt?" in html
    assert "When can I drive?" not in html


def test_surgeon_profile_lists_articles_written_or_reviewed(patient_client):
    surgeon = SurgeonFactory(
        name="Dr. Ada Bone", slug="ada-bone", bio="I fix **spines**.", locations="Main St\nHill Rd"
    )
    ArticleFactory(title="Written by Ada", author=surgeon)
    ArticleFactory(title="Reviewed by Ada", medical_reviewer=surgeon, author=SurgeonFactory())
    ArticleFactory(title="Draft by Ada", author=surgeon, status=Article.Status.DRAFT)
    html = patient_client.get(reverse("education:surgeon_detail", args=["ada-bone"])).text
    assert "Written by Ada" in html
    assert "Reviewed by Ada" in html
    assert "Draft by Ada" not in html
    assert "<strong>spines</strong>" in html
    assert "<li>Hill Rd</li>" in html
    assert "Dr. Ada Bone" in patient_client.get(reverse("education:surgeon_list")).text
    assert patient_client.get(reverse("education:surgeon_detail", args=["nobody"])).status_code == 404
