"""Alias kept after the move to `outcomes/` (issue 25): the database task backend stores a task's
import path in each queued row, so reminders queued as
`portal.outcomes.tasks.send_questionnaire_reminder` before the move still run after it. Safe to
delete once no such row is left (`DBTaskResult.objects.filter(task_path__startswith="portal.outcomes.")`)."""

from outcomes.reminders import send_questionnaire_reminder  # noqa: F401
