"""The search page without a template render (issue 35): the page around the results is the cached
page of its language and text size (portal/hot_page.py), the form and results are joined from
template fragments (education/search_page.py). Every search still reaches PostgreSQL
(tests/test_search_lexicon.py); what is cached holds nobody's query or results."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from education import search_page
from education.rendering import content_changed
from portal import hot_page
from tests.factories import (
    ArticleFactory,
    FAQFactory,
    PatientFactory,
    SectionFactory,
    SurgeonFactory,
    WarningSignFactory,
)
from tests.test_user_cache_warm import redis_cache  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    article = ArticleFactory(title="Walking <after> surgery", slug="walking")
    SectionFactory(article=article, kind="recovery", heading="", body="Walk a little every day after surgery.")
    SectionFactory(article=article, kind="overview", heading="Walking & resting", body="Walking helps healing.")
    FAQFactory(question="When can I walk?", answer="The day after surgery, with help.")
    WarningSignFactory(text="Calf pain and swelling when walking", urgency="emergency")
    SurgeonFactory(name="Dr. Walker", specialties="Walking again after spine surgery")


@pytest.fixture(params=["in-process cache", "redis"])
def backend(request):
    if request.param == "redis":
        request.getfixturevalue("redis_cache")


def search(client, q, **extra):
    return client.get(reverse("education:search"), {"q": q}, **extra)


@pytest.mark.usefixtures("backend")
def test_a_warm_search_page_renders_no_template(patient_client, corpus):
    search(patient_client, "walking")
    response = search(patient_client, "walking after surgery")
    assert response.status_code == 200
    assert response.templates == []
    assert "hot-slot" not in response.text  # every marker filled
    results = response.context_data["results"]
    assert results.answers
    assert results.warnings
    assert results.surgeons
    for result in results.all:
        assert f'href="{escape(result.url)}"' in response.text
        assert escape(result.title) in response.text
    assert str(results.answers[0].snippet) in response.text  # with its <mark>s


@pytest.mark.usefixtures("backend")
def test_the_cached_page_holds_no_query_and_no_result_of_an_earlier_search(patient_client, corpus):
    first = search(patient_client, "walking")
    assert "Walking &amp; resting" in first.text
    other = Client()
    other.force_login(PatientFactory())
    html = search(other, "qwzxvb").text
    assert "walking" not in html.lower()  # neither the first query (form, return addresses) nor its results
    assert 'name="next" value="/search/?q=qwzxvb"' in html  # the language and text size switches
    assert html.count('value="/search/?q=qwzxvb"') == 2


def test_what_a_patient_typed_is_escaped_everywhere(patient_client, corpus):
    html = search(patient_client, '<script>alert("x")</script> walking').text
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; walking"' in html
    assert 'value="/search/?q=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E+walking"' in html
    corrected = search(patient_client, "walkng & rest")
    assert corrected.context_data["results"].suggestion == "walk & rest"
    assert "Nothing matched “walkng &amp; rest”. Did you mean <strong>walk &amp; rest</strong>?" in corrected.text


def test_with_a_message_waiting_the_page_is_rendered_and_its_results_are_the_same(patient_client, corpus):
    """The message is this reader's own: the page around the results is rendered from its template,
    and the form and results are the same markup as on the cached page."""
    cached = search(patient_client, "walking").text
    patient_client.post(reverse("care:bookmark_article", args=["walking"]))  # "Saved to your page."
    rendered = search(patient_client, "walking")
    assert "Saved to your page." in rendered.text
    assert "education/search.html" in [template.name for template in rendered.templates]
    assert _content(rendered.text) == _content(cached)


def _content(html: str) -> str:
    html = re.sub(r'(csrfmiddlewaretoken" value=|data-csrf=|data-search=)"[^"]+"', r'\1""', html)
    return html[html.index("<h1>") : html.index("</main>")]


def test_a_spanish_reader_gets_the_spanish_fragments(patient, client, corpus):
    patient.preferred_language = "es"
    patient.save()
    client.force_login(patient)
    html = search(client, "caminar").text
    assert "¿Sobre qué le gustaría leer?" in html
    assert "What would you like to read about?" not in html
    assert '<html lang="es"' in html


def test_the_page_around_the_results_is_rendered_again_when_content_changes(patient_client, corpus, monkeypatch):
    search(patient_client, "walking")
    rendered = []
    original = hot_page.render_page
    monkeypatch.setattr(
        hot_page, "render_page", lambda *args, **kwargs: rendered.append(1) or original(*args, **kwargs)
    )
    search(patient_client, "walking")
    assert rendered == []
    content_changed()
    search(patient_client, "walking")
    assert rendered == [1]
    assert search_page._fragments  # kept per process: they hold markup and translations only


def test_an_invalid_query_shows_what_to_fix(patient_client, corpus):
    response = search(patient_client, "walk\x00ing")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert "Please type only letters, numbers and spaces" in response.text
    assert response.context_data["results"] is None
