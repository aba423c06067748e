from django.db import migrations

from education.published_links import link_trigger_sql

# (table, column, target table): insights' patient records that name an article (issue 26's rule).
# MonthlyCount is left out: counts with no patient in them, folded from records when they expire, so
# they may name an article that has since been taken off the portal.
LINKS = [
    ("insights_sectionread", "article_id", "education_article"),
    ("insights_helpfulvote", "article_id", "education_article"),
]


class Migration(migrations.Migration):
    """A section read or a helpful vote may point only at published content; the database refuses anything else."""

    dependencies = [
        ("insights", "0001_content_insights"),
        ("education", "0027_published_content_only"),
    ]

    operations = [
        migrations.RunSQL(*link_trigger_sql(table=table, column=column, target_table=target))
        for table, column, target in LINKS
    ]
