"""Give every existing teach-back answer option a stable key (answers are recorded by it)."""

import uuid

from django.db import migrations


def add_keys(apps, schema_editor):
    TeachBackQuestion = apps.get_model("education", "TeachBackQuestion")
    for question in TeachBackQuestion.objects.all():
        options = question.options if isinstance(question.options, list) else []
        if all(isinstance(option, dict) and option.get("key") for option in options):
            continue
        question.options = [
            option if not isinstance(option, dict) or option.get("key") else {"key": uuid.uuid4().hex[:12], **option}
            for option in options
        ]
        question.save(update_fields=["options"])


class Migration(migrations.Migration):
    dependencies = [("education", "0022_red_flag_override")]

    operations = [migrations.RunPython(add_keys, migrations.RunPython.noop)]
