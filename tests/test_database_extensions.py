"""The database is PostgreSQL with the extensions the portal needs, whichever server runs it."""

import pytest
from django.db import connection

from portal.devdb import EXTENSIONS


@pytest.mark.django_db
def test_the_server_creates_pg_trgm_and_unaccent():
    with connection.cursor() as cursor:
        for extension in EXTENSIONS:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = ANY(%s)", [list(EXTENSIONS)])
        assert {row[0] for row in cursor.fetchall()} == {"pg_trgm", "unaccent"}
        cursor.execute("SELECT unaccent('cirugía de columna'), similarity('columna', 'colunma') > 0.3")
        assert cursor.fetchone() == ("cirugia de columna", True)


@pytest.mark.django_db
def test_spanish_and_english_text_search_are_there():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('spanish', 'cirugías'), to_tsvector('english', 'driving')")
        assert cursor.fetchone() == ("'cirug':1", "'drive':1")
