"""Questionnaire reminders move to the reminder outbox (issue 25): each sent reminder becomes a claimed
outbox row, so none is sent again, then the `QuestionnaireReminder` table goes. Reversible."""

from django.db import migrations

PURPOSE = "questionnaire_open"
SUBJECT = "pathway:{}:scheduledinstrument:{}"


def to_outbox(apps, schema_editor):
    QuestionnaireReminder = apps.get_model("outcomes", "QuestionnaireReminder")
    Reminder = apps.get_model("outbox", "Reminder")
    sent = QuestionnaireReminder.objects.values_list("pathway_id", "pathway__patient_id", "scheduled_id", "sent_at")
    Reminder.objects.bulk_create(
        [
            Reminder(
                purpose=PURPOSE, recipient_id=patient_id, subject=SUBJECT.format(pathway_id, scheduled_id),
                due_at=at, claimed_at=at,
            )  # fmt: skip
            for pathway_id, patient_id, scheduled_id, at in sent
        ],
        ignore_conflicts=True,
    )


def from_outbox(apps, schema_editor):
    QuestionnaireReminder = apps.get_model("outcomes", "QuestionnaireReminder")
    Reminder = apps.get_model("outbox", "Reminder")
    for subject, at in Reminder.objects.filter(purpose=PURPOSE, claimed_at__isnull=False).values_list(
        "subject", "claimed_at"
    ):
        _, pathway_id, _, scheduled_id = subject.split(":")
        QuestionnaireReminder.objects.get_or_create(
            pathway_id=int(pathway_id), scheduled_id=int(scheduled_id), defaults={"sent_at": at}
        )
    Reminder.objects.filter(purpose=PURPOSE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0004_pathway_procedure_to_care"),
        ("outbox", "0001_reminder_outbox"),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox),
        migrations.DeleteModel(name="QuestionnaireReminder"),
    ]
