"""Search ranks a bounded set of candidates found through each language's own GIN index (issue 35).

Partial indexes hold only what readers of a language may find: published articles and published
FAQs, in that language. A word of the other language then costs nothing, and `LIMIT` stops
after the first candidates instead of filtering every match.

Articles' vectors now hold their sections' type words too (“Symptoms”), as each section's does, so
a section is always found through its article: every article is marked for re-indexing, which
education's post_migrate receiver does with the one indexing function.
"""

from django.db import migrations

LANGUAGES = ("en", "es")


def articles_marked_for_indexing(apps, schema_editor):
    apps.get_model("education", "Article").all_objects.update(search_index_dirty=True)


def index_sql(table: str, language: str, condition: str) -> migrations.RunSQL:
    name = f"{table}_search_{language}"
    return migrations.RunSQL(
        f"CREATE INDEX {name} ON {table} USING gin (search_vector) WHERE language = '{language}' AND {condition}",
        f"DROP INDEX {name}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0033_working_copies_dropped"),
    ]

    operations = [
        *(index_sql("education_article", language, "status = 'published'") for language in LANGUAGES),
        *(index_sql("education_faq", language, "is_published") for language in LANGUAGES),
        migrations.RunPython(articles_marked_for_indexing, migrations.RunPython.noop),
    ]
