"""The article page, the articles list and the FAQ page from cached HTML (portal/hot_page.py): on a
warm cache no template is rendered, no query is made and Redis is asked once; each reader's own
parts (CSRF token, caregiver banner, bookmark button, assignment box) are theirs alone."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Bookmark
from education import views
from portal import hot_page
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    FAQFactory,
    PatientFactory,
    SectionFactory,
)
from tests.test_cache_degrades import unreachable_redis  # noqa: F401 (fixture)
from tests.test_user_cache_warm import RedisRoundTrips, redis_cache  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(title="Back Surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="", body="Discs wear out.", order=1)
    FAQFactory(article=article, question="Does it hurt?", answer="A little.")
    return article


@pytest.fixture(params=["in-process cache", "redis"])
def backend(request):
    if request.param == "redis":
        request.getfixturevalue("redis_cache")


def _pages(article) -> list[str]:
    return [article.get_absolute_url(), reverse("education:article_list"), reverse("education:faq_list")]


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'data-csrf="[^"]+"', 'data-csrf=""', html)


def test_a_warm_page_renders_no_template_and_asks_the_database_nothing(
    patient_client, article, django_assert_num_queries
):
    for url in _pages(article):
        patient_client.get(url)
        with django_assert_num_queries(0):
            response = patient_client.get(url)
        assert response.status_code == 200
        assert response.templates == [], url
        assert "hot-slot" not in response.text  # every marker filled
        assert 'name="csrfmiddlewaretoken" value="' in response.text


@pytest.mark.usefixtures("redis_cache")
def test_with_redis_a_warm_article_or_faq_page_is_one_round_trip(
    client, patient, article, monkeypatch, django_assert_num_queries
):
    client.force_login(patient)
    for url in (article.get_absolute_url(), reverse("education:faq_list")):
        client.get(url)  # fills the caches and the session's pointer to the reader's entries
        client.get(url)
        trips = RedisRoundTrips(monkeypatch)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
        # the session, content version, user, page and (article) the reader's parts: one script call
        assert trips.count == 1, url


def test_the_cached_page_is_the_page_the_templates_render(rf, patient_client, patient, article):
    """The same markup as rendering the template for this reader (only the CSRF tokens differ, and
    the templates' indentation, which a kept page leaves out)."""
    patient_client.get(article.get_absolute_url())
    served = patient_client.get(article.get_absolute_url())
    assert served.templates == []
    request = served.wsgi_request
    rendered = views._article_detail_rendered(request, article.slug, preview=False)
    html = rendered.content.decode()
    assert len(served.text) < len(html)  # the page's indentation left out
    assert hot_page.without_indentation(_without_tokens(served.text)) == hot_page.without_indentation(
        _without_tokens(html)
    )


def test_each_reader_gets_their_own_csrf_token_and_it_works(patient, article):
    secrets = []
    for user in (patient, PatientFactory()):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.get(article.get_absolute_url())
        html = client.get(article.get_absolute_url()).text
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert len(tokens) == 1
        assert "hot-slot" not in html
        secrets.append(client.cookies["csrftoken"].value)
        # the bookmark button posts with the token the page holds, made from this reader's secret
        response = client.post(
            reverse("care:bookmark_article", args=[article.slug]), {"csrfmiddlewaretoken": tokens.pop()}
        )
        assert response.status_code == 302
        assert Bookmark.objects.filter(patient=user, article=article).exists()
    assert secrets[0] != secrets[1]


@pytest.mark.usefixtures("backend")
def test_a_patients_bookmark_and_assignment_are_shown_to_them_alone(patient, patient_client, article):
    AssignmentFactory(patient=patient, article=article, note="Read before Tuesday")
    Bookmark.objects.create(patient=patient, article=article, title=article.title)
    other = Client()
    other.force_login(PatientFactory())
    for _ in range(2):  # a miss, then a hit, in turn
        mine = patient_client.get(article.get_absolute_url()).text
        theirs = other.get(article.get_absolute_url()).text
        assert "Read before Tuesday" in mine
        assert "Saved to my page ✓" in mine
        assert "Read before Tuesday" not in theirs
        assert "Saved to my page ✓" not in theirs
        assert "Save to my page" in theirs


@pytest.mark.usefixtures("backend")
def test_a_caregiver_sees_the_banner_of_the_patient_they_act_for_alone(patient, other_patient, article):
    patient.first_name, patient.last_name = "Ana", "<b>Ruiz</b>"
    patient.save()
    AssignmentFactory(patient=patient, article=article, note="Read before Tuesday")
    for_patient = caregiver_client(grant_for(patient))
    for_other = caregiver_client(grant_for(other_patient))
    patient_client = Client()
    patient_client.force_login(patient)
    for _ in range(2):
        for url in _pages(article):
            html = for_patient.get(url).text
            assert "You are viewing for Ana &lt;b&gt;Ruiz&lt;/b&gt;." in html  # escaped
            other_html = for_other.get(url).text
            assert "Ana" not in other_html
            assert f"You are viewing for {other_patient}" in other_html
            assert "viewing for" not in patient_client.get(url).text
            # the patient's assignment is theirs: never in a caregiver's page (they read as themself)
            assert "Read before Tuesday" not in html + other_html


def test_a_page_with_messages_or_an_unknown_parameter_is_rendered_as_before(patient_client, article):
    patient_client.get(article.get_absolute_url())
    response = patient_client.post(reverse("care:bookmark_article", args=[article.slug]), follow=True)
    assert "Saved to your page." in response.text
    assert response.templates  # rendered: the message is this reader's own
    assert patient_client.get(article.get_absolute_url() + "?utm=x").templates


@pytest.mark.usefixtures("unreachable_redis")
def test_with_redis_down_the_pages_still_answer(patient, article):
    client = Client()
    client.force_login(patient)
    for url in _pages(article):
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200


@pytest.mark.usefixtures("backend")
def test_an_assigned_article_renders_no_template_when_warm_and_each_reader_gets_their_own_box(
    patient, patient_client, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    other_patient = PatientFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the caches' clears complete on commit
        AssignmentFactory(patient=patient, article=article, note="Note for the first patient")
        AssignmentFactory(patient=other_patient, article=article, note="Note for the second patient")
    other = Client()
    other.force_login(other_patient)
    for client, mine, theirs in (
        (patient_client, "Note for the first patient", "Note for the second patient"),
        (other, "Note for the second patient", "Note for the first patient"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client.get(article.get_absolute_url())  # the first opening is recorded
        client.get(article.get_absolute_url())
        with django_assert_num_queries(0):
            response = client.get(article.get_absolute_url())
        assert response.templates == []
        assert mine in response.text
        assert theirs not in response.text


def test_a_kept_page_leaves_out_indentation_but_not_inside_pre_or_textarea():
    html = "<div>\n    <p>One</p>\n\n  <pre>\n  code\n    more</pre>\n  <textarea>\n  typed</textarea>\n</div>"
    assert hot_page.without_indentation(html) == (
        "<div>\n<p>One</p>\n<pre>\n  code\n    more</pre>\n<textarea>\n  typed</textarea>\n</div>"
    )
