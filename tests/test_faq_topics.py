"""Related questions read as a set: one topic heading over them on the questions page."""

import re

from django.urls import reverse

from tests.factories import ArticleFactory, FAQFactory


def test_questions_are_grouped_under_their_topic(patient_client):
    article = ArticleFactory(title="MISS")
    FAQFactory(article=article, question="How long is recovery?", topic="Recovery and healing", order=0)
    FAQFactory(article=article, question="Are there risks?", topic="Risks", order=1)
    FAQFactory(article=article, question="How long does healing take?", topic="Recovery and healing", order=5)
    html = patient_client.get(reverse("education:faq_list")).text
    headings = re.findall(r'<h3 class="faq-topic">([^<]+)</h3>', html)
    assert headings == ["Recovery and healing", "Risks"]
    recovery = html.split('<h3 class="faq-topic">Recovery and healing</h3>')[1].split('<h3 class="faq-topic">')[0]
    assert "How long is recovery?" in recovery
    assert "How long does healing take?" in recovery


def test_an_article_with_one_topic_gets_no_extra_heading(patient_client):
    article = ArticleFactory(title="MISS")
    FAQFactory(article=article, question="How long is recovery?", topic="MISS")
    FAQFactory(article=article, question="Are there risks?", topic="MISS")
    assert 'class="faq-topic"' not in patient_client.get(reverse("education:faq_list")).text
