from django.db import migrations

from portal.accounts.roles import roles_sync


class Migration(migrations.Migration):
    """Medical reviewers rate PEMAT; editors may read the ratings."""

    dependencies = [("education", "0014_article_quality_warnings_and_pemat_rating")]

    operations = [migrations.RunPython(lambda apps, schema_editor: roles_sync(apps), migrations.RunPython.noop)]
