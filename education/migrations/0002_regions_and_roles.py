from django.db import migrations

from portal.accounts.roles import roles_sync

REGIONS = ["cervical", "thoracic", "lumbar", "sacral", "general"]


def seed(apps, schema_editor):
    Region = apps.get_model("education", "Region")
    for code in REGIONS:
        Region.objects.get_or_create(code=code)
    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_initial"),
        ("estimates", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
