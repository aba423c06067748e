"""The reader's text size (100, 150 or 200 %): chosen in the header, kept on the account, kept for the
browser session on the login page, and drawn by the server as a class on <html>, outside every cached
fragment, so cached pages stay one copy per language and cost no more queries."""

from django.test import Client
from django.urls import reverse

from portal import text_size
from tests.factories import PASSWORD, ArticleFactory, PatientFactory, SectionFactory


def _html_class(response) -> str:
    start = response.text.index("<html")
    tag = response.text[start : response.text.index(">", start)]
    return tag if "class=" in tag else 'class="text-size-100"'  # the normal size adds no class


def test_a_patient_reads_at_100_percent_until_they_choose(patient_client):
    response = patient_client.get(reverse("home"))
    assert 'class="text-size-100"' in _html_class(response)
    assert 'aria-pressed="true">100%' in response.text


def test_the_chosen_size_is_kept_on_the_account_and_drawn_by_the_server(patient_client, patient):
    response = patient_client.post(reverse("text_size_switch"), {"size": "200", "next": "/me/"})
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    patient.refresh_from_db()
    assert patient.text_size == 200
    # Another browser, with no cookie: the account's size is still the one drawn.
    elsewhere = Client()
    elsewhere.force_login(patient)
    assert 'class="text-size-200"' in _html_class(elsewhere.get(reverse("care:my_page")))


def test_the_size_cookie_lasts_for_the_browser_session_only(patient_client):
    response = patient_client.post(reverse("text_size_switch"), {"size": "150", "next": "/"})
    cookie = response.cookies[text_size.COOKIE_NAME]
    assert cookie.value == "150"
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_login_page_takes_the_size_for_the_session(client, db):
    assert 'class="text-size-100"' in _html_class(client.get(reverse("login")))
    client.post(reverse("text_size_switch"), {"size": "200", "next": reverse("login")})
    response = client.get(reverse("login"))
    assert 'class="text-size-200"' in _html_class(response)
    assert 'aria-pressed="true">200%' in response.text


def test_a_size_chosen_on_the_login_page_is_kept_by_the_account_after_logging_in(client, db):
    patient = PatientFactory(email="reader@example.com")
    client.post(reverse("text_size_switch"), {"size": "150", "next": reverse("login")})
    client.post(reverse("login"), {"username": "reader@example.com", "password": PASSWORD})
    patient.refresh_from_db()
    assert patient.text_size == 150
    assert 'class="text-size-150"' in _html_class(client.get(reverse("care:my_page")))


def test_a_size_that_is_not_offered_is_refused_in_plain_words(patient_client, patient):
    for bad in ("175", "", "big", "200; drop"):
        response = patient_client.post(reverse("text_size_switch"), {"size": bad})
        assert response.status_code == 400
        assert "Choose a text size of 100%, 150% or 200%." in response.text
    patient.refresh_from_db()
    assert patient.text_size == 100


def test_a_bad_cookie_means_the_normal_size(client, db):
    client.cookies[text_size.COOKIE_NAME] = "9000"
    assert 'class="text-size-100"' in _html_class(client.get(reverse("login")))


def test_the_switch_goes_back_only_to_this_site(patient_client):
    response = patient_client.post(reverse("text_size_switch"), {"size": "150", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_switch_is_posted_never_fetched(patient_client):
    assert patient_client.get(reverse("text_size_switch"), {"size": "200"}).status_code == 405


def test_a_cached_article_costs_the_same_queries_at_every_size(patient_client, patient, django_assert_num_queries):
    """The size is a class on <html>: the article's body is cached once for every size, the page
    (portal/hot_page.py) once per size, made from that body."""
    article = ArticleFactory(title="Back Surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="", body="Discs wear out.", order=1)
    patient_client.get(article.get_absolute_url())
    for size in (100, 150, 200):
        patient.text_size = size
        patient.save(update_fields=["text_size"])
        # who is asking (the account just changed); the reader's parts stay cached
        with django_assert_num_queries(1):
            response = patient_client.get(article.get_absolute_url())
        assert f'class="text-size-{size}"' in _html_class(response)
        assert ('<html lang="en">' in response.text) is (size == 100)
        assert "Discs wear out." in response.text


def test_the_list_pages_are_served_from_one_cached_copy_at_every_size(
    patient_client, patient, django_assert_num_queries
):
    ArticleFactory(title="Back Surgery", slug="back-surgery")
    url = reverse("education:article_list")
    patient_client.get(url)
    with django_assert_num_queries(0) as at_100:  # the list and who is asking are cached
        patient_client.get(url)
    patient.text_size = 200
    patient.save(update_fields=["text_size"])
    with django_assert_num_queries(1):  # the changed user is read afresh (portal/accounts/user_cache.py)
        patient_client.get(url)
    with django_assert_num_queries(len(at_100.captured_queries)):
        response = patient_client.get(url)
    assert "Back Surgery" in response.text
    assert 'class="text-size-200"' in _html_class(response)
