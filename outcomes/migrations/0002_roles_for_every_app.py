from django.db import migrations

from portal.accounts.roles import roles_sync


class Migration(migrations.Migration):
    """Once every app's models exist, give each role exactly its permissions again (earlier
    syncs ran before some of the models they name)."""

    dependencies = [
        ("outcomes", "0001_questionnaires_schedules_answers"),
        ("care", "0004_step_reminders"),
        ("education", "0021_teach_back_question_keys"),
        ("estimates", "0002_spanish_plain_name"),
        ("accounts", "0003_preferred_language"),
    ]

    operations = [migrations.RunPython(lambda apps, schema_editor: roles_sync(apps), migrations.RunPython.noop)]
