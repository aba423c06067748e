"""Background work of the patient's journey (see reminders.py)."""

from datetime import date

from django_tasks import task

from care import reminders


@task()
def send_step_reminder(patient_step_id: int, kind: str, due_date: str) -> bool:
    return reminders.reminder_send(patient_step_id=patient_step_id, kind=kind, due_date=date.fromisoformat(due_date))
