from django.db import migrations

from education.published_links import FUNCTION_SQL, REVERSE_FUNCTION_SQL


class Migration(migrations.Migration):
    """The one trigger function behind every patient-data link to content (education/published_links.py)."""

    dependencies = [("education", "0026_everyday_symptom_phrases")]

    operations = [migrations.RunSQL(FUNCTION_SQL, REVERSE_FUNCTION_SQL)]
