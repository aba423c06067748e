from django.db import migrations

from education.published_links import link_trigger_sql

# (table, column, target table): every link from care's patient data to an article or one of its parts.
LINKS = [
    ("education_readingplanitem", "article_id", "education_article"),
    ("education_assignment", "article_id", "education_article"),
    ("care_pathwaystep", "article_id", "education_article"),
    ("education_bookmark", "article_id", "education_article"),
    ("education_bookmark", "faq_id", "education_faq"),
    ("care_educationrecord", "article_id", "education_article"),
    ("care_educationrecord", "question_id", "education_teachbackquestion"),
]


class Migration(migrations.Migration):
    """Patient data may point only at published content; the database refuses anything else."""

    dependencies = [
        ("care", "0010_caregiver_grants_and_who_acted"),
        ("education", "0027_published_content_only"),
    ]

    operations = [
        migrations.RunSQL(*link_trigger_sql(table=table, column=column, target_table=target))
        for table, column, target in LINKS
    ]
