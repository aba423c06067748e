""" "Was this helpful?" on every section and FAQ answer: a form that posts without JavaScript,
in plain English and Spanish, buffered like every patient record."""

import pytest
from django.urls import reverse

from education.rendering import CSRF_PLACEHOLDER
from insights.models import HelpfulVote
from insights.services import events_flush
from tests.factories import ArticleFactory, FAQFactory, SectionFactory


@pytest.fixture
def article(db):
    article = ArticleFactory(slug="neck-pain")
    SectionFactory(article=article, kind="recovery", heading="Getting better")
    FAQFactory(article=article, question="Can I drive?")
    return article


def test_every_section_and_answer_asks_with_the_readers_own_token(patient_client, article):
    page = patient_client.get(article.get_absolute_url()).text
    assert page.count("Was this helpful?") == 2
    assert page.count('name="part" value="section"') == 1
    assert page.count('name="part" value="faq"') == 1
    assert CSRF_PLACEHOLDER not in page
    assert "What was unclear? (optional)" in page


def test_the_question_is_asked_in_spanish(patient_client, patient, article):
    patient.preferred_language = "es"
    patient.save()
    spanish = ArticleFactory(language="es", translation_of=article, slug="dolor-de-cuello")
    SectionFactory(article=spanish, kind="recovery")
    page = patient_client.get(spanish.get_absolute_url()).text
    assert "¿Le ayudó esto?" in page


def test_a_no_with_what_was_unclear_posts_without_javascript(patient_client, patient, article):
    section = article.sections.get()
    response = patient_client.post(
        reverse("insights:helpful"),
        {
            "article": article.pk,
            "part": "section",
            "key": section.key,
            "helpful": "no",
            "unclear": "  What is a disc?  ",
            "next": f"{article.get_absolute_url()}#{section.anchor}",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{article.get_absolute_url()}#{section.anchor}"
    assert "Thank you. Your answer helps us make our pages clearer." in response.text
    assert not HelpfulVote.objects.exists()  # buffered

    events_flush()

    vote = HelpfulVote.objects.get()
    assert (vote.patient, vote.article, vote.part_key, vote.helpful, vote.unclear) == (
        patient, article, section.key, False, "What is a disc?"
    )  # fmt: skip


def test_a_yes_sent_by_the_script_gets_a_thank_you_line(patient_client, article):
    faq = article.faqs.get()
    response = patient_client.post(
        reverse("insights:helpful"),
        {"article": article.pk, "part": "faq", "key": faq.key, "helpful": "yes"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    assert 'role="status"' in response.text
    events_flush()
    assert HelpfulVote.objects.get().helpful is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"part": "section", "key": "5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f"}, "Choose yes or no."),
        ({"part": "section", "key": "not-a-key", "helpful": "yes"}, ""),
        ({"part": "page", "key": "5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f", "helpful": "yes"}, ""),
        ({"part": "faq", "key": "5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f", "helpful": "no", "unclear": "x" * 1001},
         "Please keep it shorter"),
    ],
)  # fmt: skip
def test_a_bad_answer_gets_a_clear_400(patient_client, data, message):
    response = patient_client.post(reverse("insights:helpful"), data)
    assert response.status_code == 400
    assert message in response.text
    assert "Your answer was not sent" in response.text


def test_a_next_address_elsewhere_is_not_followed(patient_client, article):
    section = article.sections.get()
    response = patient_client.post(
        reverse("insights:helpful"),
        {"part": "section", "key": section.key, "helpful": "yes", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("home")


def test_the_faq_page_asks_too(patient_client, article):
    FAQFactory(article=None, question="Where do I park?")
    page = patient_client.get(reverse("education:faq_list")).text
    assert page.count("Was this helpful?") == 2
    assert CSRF_PLACEHOLDER not in page


def test_votes_on_clinic_wide_answers_show_on_the_insights_page(client, patient_client, verified_login, editor):
    faq = FAQFactory(article=None, question="Where do I park?")
    for helpful in ("no", "no", "yes"):
        patient_client.post(reverse("insights:helpful"), {"part": "faq", "key": faq.key, "helpful": helpful})
    events_flush()
    client.logout()
    verified_login(client, editor)
    page = client.get(reverse("admin:insights_overview")).text
    assert "Where do I park?" in page
    assert "<td>1</td><td>2</td>" in page
