"""Step reminders move to the reminder outbox (issue 25): each sent `due`/`overdue` reminder becomes a
claimed outbox row, so none is sent again, then the two columns go. Reversible."""

from django.db import migrations

SUBJECT = "patientstep:{}"
PURPOSES = {"due_reminder_sent_at": "step_due", "overdue_reminder_sent_at": "step_overdue"}


def to_outbox(apps, schema_editor):
    PatientStep = apps.get_model("care", "PatientStep")
    Reminder = apps.get_model("outbox", "Reminder")
    rows = []
    for field, purpose in PURPOSES.items():
        steps = PatientStep.objects.filter(**{f"{field}__isnull": False}).values_list("pk", "pathway__patient_id", field)
        rows += [
            Reminder(purpose=purpose, recipient_id=patient_id, subject=SUBJECT.format(pk), due_at=sent, claimed_at=sent)
            for pk, patient_id, sent in steps
        ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)


def from_outbox(apps, schema_editor):
    PatientStep = apps.get_model("care", "PatientStep")
    Reminder = apps.get_model("outbox", "Reminder")
    for field, purpose in PURPOSES.items():
        for subject, sent in Reminder.objects.filter(purpose=purpose, claimed_at__isnull=False).values_list(
            "subject", "claimed_at"
        ):
            PatientStep.objects.filter(pk=int(subject.split(":")[1])).update(**{field: sent})
        Reminder.objects.filter(purpose=purpose).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0006_teach_back_option_keys_and_note_language"),
        ("outbox", "0001_reminder_outbox"),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox),
        migrations.RemoveField(model_name="patientstep", name="due_reminder_sent_at"),
        migrations.RemoveField(model_name="patientstep", name="overdue_reminder_sent_at"),
    ]
