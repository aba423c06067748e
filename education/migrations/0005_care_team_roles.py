from django.db import migrations

from portal.accounts.roles import roles_sync


class Migration(migrations.Migration):
    dependencies = [("education", "0004_postgres_search_indexes")]

    operations = [migrations.RunPython(lambda apps, schema_editor: roles_sync(apps), migrations.RunPython.noop)]
