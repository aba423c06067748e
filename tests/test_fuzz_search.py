"""Fuzzing the search page and /api/search: no input gives a 500, every refusal says what to type."""

from urllib.parse import quote_from_bytes

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, FAQFactory, GlossaryTermFactory, SectionFactory

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Every way the search form refuses a query; each one says what to type instead.
WHAT_TO_DO = (
    "Type a word to search for",
    "Please use 200 characters or fewer",
    "Please use letters or numbers",
    "Please type at least 2 letters",
    "Please type only letters, numbers and spaces",
)

# Text that reaches the interesting paths: real words, operators of
# websearch_to_tsquery, quotes, and characters PostgreSQL treats specially.
words = st.sampled_from(
    ["fusion", "back", "pain", "recovery", "or", "-", '"', "'", "\\", "&", "|", "!", ":*", "%", "_"]
)
queries = st.one_of(
    st.text(max_size=260),
    st.lists(st.one_of(words, st.text(max_size=12)), max_size=30).map(" ".join),
)


@pytest.fixture
def corpus(db):
    article = ArticleFactory(title="Lumbar fusion", slug="lumbar-fusion")
    SectionFactory(article=article, body="Recovery after fusion takes weeks. Back pain eases.")
    FAQFactory(article=article, question="Will my back pain go away?")
    GlossaryTermFactory(term="fusion")


def check_api(response):
    assert response.status_code in (200, 400), response.status_code
    body = response.json()
    if response.status_code == 400:
        assert body["errors"]["q"], body
        for message in body["errors"]["q"]:
            assert message.startswith(WHAT_TO_DO), message
    else:
        assert isinstance(body["results"], list)


@FUZZ
@given(query=queries)
def test_the_search_api_answers_every_query_with_results_or_what_to_fix(patient_client, corpus, query):
    check_api(patient_client.get(reverse("education:search_api"), {"q": query}))


@FUZZ
@given(query=queries)
def test_the_search_page_answers_every_query(patient_client, corpus, query):
    response = patient_client.get(reverse("education:search"), {"q": query})
    assert response.status_code == 200
    form = response.context_data["form"]
    for message in form.errors.get("q", []):
        assert message.startswith(WHAT_TO_DO), message


@FUZZ
@given(raw=st.binary(max_size=300))
def test_the_search_api_survives_any_bytes_in_the_query_string(patient_client, corpus, raw):
    check_api(patient_client.get(reverse("education:search_api"), QUERY_STRING="q=" + quote_from_bytes(raw)))


def test_a_missing_query_says_what_to_type(patient_client, corpus):
    check_api(patient_client.get(reverse("education:search_api")))
    assert patient_client.get(reverse("education:search_api")).status_code == 400
