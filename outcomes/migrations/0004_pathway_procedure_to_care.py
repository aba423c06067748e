# PathwayProcedure now belongs to care (issue 25): state only, no table or row changes.
# Its content type follows it, so the permissions (and the groups holding them) and the
# admin history stay attached; then the roles are synced against the new label.

from django.db import migrations

from portal.accounts.roles import roles_sync


def content_type_to_care(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    moved = ContentType.objects.filter(app_label='outcomes', model='pathwayprocedure')
    if moved.exists():
        ContentType.objects.filter(app_label='care', model='pathwayprocedure').delete()
        moved.update(app_label='care')
    roles_sync(apps)


def content_type_to_outcomes(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='care', model='pathwayprocedure').update(app_label='outcomes')


class Migration(migrations.Migration):

    dependencies = [
        ('outcomes', '0003_questionnaire_reminders'),
        ('care', '0005_pathway_procedure_from_outcomes'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PathwayProcedure')],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_care, content_type_to_outcomes),
    ]
