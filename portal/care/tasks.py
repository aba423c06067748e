"""Alias kept after the move to `care/` (issue 25): the database task backend stores a task's
import path in each queued row, so reminders queued as `portal.care.tasks.send_step_reminder`
before the move still run after it. Safe to delete once no such row is left
(`DBTaskResult.objects.filter(task_path__startswith="portal.care.")` is empty)."""

from care.reminders import send_step_reminder  # noqa: F401
