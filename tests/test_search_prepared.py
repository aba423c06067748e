"""Search's statements are prepared once per connection and shape, with the reader's words bound as
parameters (issue 35): PostgreSQL plans the ranking once, and no statement text holds what a
patient typed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from psycopg import RawCursor

from education import search
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def ranking_statements() -> list[str]:
    return [statement for statement in prepared_statements() if statement.startswith("WITH q AS MATERIALIZED")]


@pytest.fixture
def fusion_article():
    article = ArticleFactory(title="Neck fusion", summary="About it.")
    SectionFactory(article=article, kind="overview", heading="Overview", body="A fusion joins two neck bones.")
    article.refresh_text_stats()
    return article


def test_the_ranking_statement_is_prepared_and_found_again(fusion_article):
    results = search.search("fusion", "en")
    assert [result.title for result in results.answers] == ["Overview"]
    assert "fusion" in results.answers[0].snippet
    ranking = ranking_statements()
    assert len(ranking) >= 1

    search.search("fusion", "en")
    search.search("joins", "en")
    # The same shape with other words is the same prepared statement, not a new one.
    assert ranking_statements() == ranking


def test_no_prepared_statement_holds_the_words_a_patient_typed(fusion_article):
    search.search("fusion zebrawordtyped", "en")
    search.search("fusión", "es")
    statements = prepared_statements()
    assert statements
    assert not [statement for statement in statements if "zebrawordtyped" in statement or "fusi" in statement]


def test_a_prepared_statement_is_logged_with_its_text(fusion_article):
    search.search("fusion", "en")
    with CaptureQueriesContext(connection) as captured:
        search.search("fusion", "en")
    assert all(query["sql"] for query in captured.captured_queries)
    assert any(query["sql"].startswith("WITH q AS MATERIALIZED") for query in captured.captured_queries)


def test_statements_are_sent_with_postgresqls_own_placeholders():
    """Round 5: psycopg does not search a long statement's text for %s on every search."""
    assert search._numbered("SELECT %s::regconfig, x @@ %s LIMIT 10") == "SELECT $1::regconfig, x @@ $2 LIMIT 10"
    assert search._numbered("SELECT 1") == "SELECT 1"
    assert issubclass(search._PreparedCursor, RawCursor)
