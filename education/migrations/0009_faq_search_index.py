"""Fill the FAQs' stored search vectors and index them (PostgreSQL only)."""

from django.db import migrations

INDEX = "CREATE INDEX IF NOT EXISTS education_faq_search_gin ON education_faq USING gin (search_vector)"
BACKFILL = """
UPDATE education_faq AS faq SET search_vector =
    setweight(to_tsvector(cfg.config, coalesce(faq.question, '')), 'A')
    || setweight(to_tsvector(cfg.config, coalesce(faq.answer, '')), 'C')
FROM (
    SELECT f.id, (CASE coalesce(a.language, f.language) WHEN 'es' THEN 'spanish' ELSE 'english' END)::regconfig
        AS config
    FROM education_faq f LEFT JOIN education_article a ON a.id = f.article_id
) AS cfg
WHERE cfg.id = faq.id
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)
        schema_editor.execute(BACKFILL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS education_faq_search_gin")


class Migration(migrations.Migration):
    dependencies = [("education", "0008_faq_search_vector")]

    operations = [migrations.RunPython(forward, backward)]
