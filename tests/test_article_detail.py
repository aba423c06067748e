import pytest
from django.core.cache import cache
from django.urls import reverse

from education.models import Article, Section, WarningSign
from estimates.models import Procedure
from tests.factories import ArticleFactory, FAQFactory, FigureFactory, SectionFactory, WarningSignFactory


@pytest.fixture
def article(db):
    article = ArticleFactory(title="Back Surgery", slug="back-surgery", is_post_operative=True)
    causes = SectionFactory(article=article, kind="causes", heading="Why it happens", body="Discs wear out.", order=2)
    SectionFactory(article=article, kind="overview", heading="", body="The basics.", order=1)
    SectionFactory(article=article, kind="costs", heading="", body="What you pay.", order=3)
    FigureFactory(article=article, section=causes, caption="A worn disc")
    WarningSignFactory(article=article, urgency="emergency", group="Suspected stroke", text="Trouble speaking")
    WarningSignFactory(article=article, urgency="call_clinic", text="A fever over 101 degrees")
    FAQFactory(article=article, question="Will it hurt?", answer="A little, for a few **days**.")
    procedure = Procedure.objects.create(
        cpt_code="63030", official_name="Discectomy", plain_name="Disc surgery", body_region="lumbar"
    )
    article.related_procedures.add(procedure)
    return article


def test_article_page_shows_everything_in_order(patient_client, article):
    response = patient_client.get(reverse("education:article_detail", args=["back-surgery"]))
    assert response.status_code == 200
    html = response.text
    assert html.index("The basics.") < html.index("Discs wear out.") < html.index("What you pay.")
    assert html.index("Discs wear out.") < html.index("A worn disc") < html.index("What you pay.")
    assert f'Written by <a href="{article.author.get_absolute_url()}">{article.author.name}</a>' in html
    assert "Medically reviewed by" in html
    assert '<a href="#why-it-happens">Why it happens</a>' in html  # table of contents
    assert '<section id="why-it-happens"' in html
    assert "<strong>days</strong>" in html  # FAQ answers are Markdown
    assert '<details class="faq"' in html


def test_warning_signs_are_prominent_with_emergency_first(patient_client, article):
    html = patient_client.get(reverse("education:article_detail", args=["back-surgery"])).text
    assert 'href="#warning-signs"' in html  # the call-out near the top
    assert html.index("warning-emergency") < html.index("warning-clinic")
    assert '<a class="btn btn-danger btn-lg" href="tel:911">Call 911</a>' in html
    assert "<strong>Suspected stroke:</strong> Trouble speaking" in html


def test_clinic_wide_warning_signs_show_on_post_operative_articles_only(patient_client, article):
    WarningSign.objects.create(article=None, urgency="call_clinic", text="Clinic-wide sign")
    other = ArticleFactory(slug="not-after-surgery", is_post_operative=False)
    SectionFactory(article=other)
    assert "Clinic-wide sign" in patient_client.get(article.get_absolute_url()).text
    assert "Clinic-wide sign" not in patient_client.get(other.get_absolute_url()).text


def test_costs_section_links_to_the_calculator_with_the_articles_procedures(patient_client, article):
    html = patient_client.get(article.get_absolute_url()).text
    assert 'href="/estimates/?suggest=63030"' in html  # suggested, not ticked


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_unpublished_articles_are_404_for_patients(patient_client, article, status):
    Article.all_objects.filter(pk=article.pk).update(status=status)
    assert patient_client.get(article.get_absolute_url()).status_code == 404


def test_editors_preview_drafts(client, editor, article, verified_login):
    Article.all_objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    verified_login(client, editor)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_unknown_article_is_404(patient_client, db):
    assert patient_client.get(reverse("education:article_detail", args=["nothing-here"])).status_code == 404


def test_a_cached_article_page_takes_at_most_6_queries(patient_client, article, django_assert_max_num_queries):
    patient_client.get(article.get_absolute_url())  # renders and caches the body
    with django_assert_max_num_queries(6):
        response = patient_client.get(article.get_absolute_url())
    assert "Discs wear out." in response.text


def test_query_count_stays_constant_as_content_grows(patient_client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    cache.clear()
    with django_assert_num_queries(13) as small:
        patient_client.get(url)
    for order in range(10, 40):
        section = SectionFactory(article=article, kind=Section.Kind.OTHER, heading=f"Part {order}", order=order)
        FigureFactory(article=article, section=section)
        FAQFactory(article=article)
        WarningSignFactory(article=article)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = patient_client.get(url)
    assert "Part 39" in response.text


def test_an_edit_is_seen_at_once_despite_the_cache(patient_client, article):
    patient_client.get(article.get_absolute_url())
    section = article.sections.get(kind="causes")
    section.body = "Discs dry out with age."
    section.save()
    assert "Discs dry out with age." in patient_client.get(article.get_absolute_url()).text


def test_nothing_personal_is_cached(patient_client, patient, article):
    import re

    from education.rendering import CSRF_PLACEHOLDER, article_body_html

    html = article_body_html(article)
    # The "Was this helpful?" forms (issue 34) carry a placeholder, filled with each reader's own token.
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
    assert tokens
    assert set(tokens) == {CSRF_PLACEHOLDER}
    assert patient.first_name not in html
    assert patient.email not in html
