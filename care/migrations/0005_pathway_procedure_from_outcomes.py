# PathwayProcedure moves from outcomes to care (issue 25): state only, the table
# `outcomes_pathwayprocedure` and its rows stay where they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0004_step_reminders'),
        ('estimates', '0002_spanish_plain_name'),
        ('outcomes', '0003_questionnaire_reminders'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PathwayProcedure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pathway', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='procedure_link', to='care.patientpathway', verbose_name='patient on a pathway')),
                        ('procedure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='estimates.procedure', verbose_name='procedure')),
                    ],
                    options={
                        'verbose_name': 'procedure of a pathway',
                        'verbose_name_plural': 'procedures of pathways',
                        'db_table': 'outcomes_pathwayprocedure',
                        'ordering': ['pathway'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
