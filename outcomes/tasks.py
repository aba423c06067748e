"""Background work of the outcomes app (see reminders.py)."""

from datetime import date

from django_tasks import task

from outcomes import reminders


@task()
def send_questionnaire_reminder(pathway_id: int, scheduled_id: int, opens: str) -> bool:
    return reminders.questionnaire_reminder_send(
        pathway_id=pathway_id, scheduled_id=scheduled_id, opens=date.fromisoformat(opens)
    )
