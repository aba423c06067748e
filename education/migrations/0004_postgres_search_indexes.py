"""GIN indexes for full-text and trigram search."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS education_article_search_gin ON education_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS education_searchword_trgm ON education_searchword USING gin (word gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS education_searchword_trgm",
    "DROP INDEX IF EXISTS education_article_search_gin",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("education", "0003_patient_reading_and_search")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
