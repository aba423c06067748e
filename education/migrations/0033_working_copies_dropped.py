from django.db import migrations, models

from education.published_links import FUNCTION_SQL


class Migration(migrations.Migration):
    """`draft_for` goes (its rows became revisions in 0032), and the trigger function no longer tells
    working copies apart (docs/decisions/article-revisions.md)."""

    dependencies = [("education", "0032_drafts_are_revisions_not_rows")]

    operations = [
        migrations.RemoveConstraint(model_name="article", name="one_translation_per_language"),
        migrations.RemoveField(model_name="article", name="draft_for"),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"), name="one_translation_per_language"
            ),
        ),
        migrations.RunSQL(FUNCTION_SQL, migrations.RunSQL.noop),
    ]
