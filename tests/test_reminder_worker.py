"""`manage.py db_worker` sends the reminders queued in the database: once, and at their time.

The worker closes its database connection after each task, as it does in production, so
these tests commit for real (transactional_db) instead of running inside one transaction.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from care import reminders, services
from portal.outbox.models import Reminder
from tests.conftest import restore_migration_data
from tests.factories import PathwayStepFactory, PatientFactory


@pytest.fixture(scope="module", autouse=True)
def _restore_after_the_worker_tests(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.fixture
def patient(transactional_db, settings):
    """A patient, with the database backend and no quiet hours; the roles the last test's
    emptying of every table took away are put back first."""
    restore_migration_data()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CARE_QUIET_HOURS = (0, 0)
    return PatientFactory()


def enrol(patient, days_from_surgery, surgery_in_days):
    step = PathwayStepFactory(days_from_surgery=days_from_surgery, title="Stop blood thinners")
    surgery = timezone.localdate() + timedelta(days=surgery_in_days)
    return services.pathway_enrol(patient=patient, template=step.template, surgery_date=surgery).steps.get()


def run_the_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=StringIO(), stderr=StringIO())


def test_the_worker_sends_a_due_reminder_once_not_twice(patient):
    patient_step = enrol(patient, days_from_surgery=-7, surgery_in_days=6)  # due yesterday: its time has passed
    reminders.reminders_schedule(patient_steps=[patient_step])  # queued a second time, as after a retry
    ready = DBTaskResult.objects.ready()
    assert ready.count() == 2  # the due reminder, twice; the overdue one waits for its day
    run_the_worker()
    assert len(mail.outbox) == 1
    [sent] = Reminder.objects.filter(claimed_at__isnull=False)
    assert (sent.purpose, sent.subject, sent.recipient) == ("step_due", f"patientstep:{patient_step.pk}", patient)
    assert DBTaskResult.objects.ready().count() == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # the overdue reminder waits for its day


def test_a_reminder_waits_in_the_queue_until_its_day(patient):
    patient_step = enrol(patient, days_from_surgery=-7, surgery_in_days=21)
    waiting = DBTaskResult.objects.order_by("run_after")
    assert [timezone.localtime(task.run_after).date() for task in waiting] == [
        timezone.localdate() + timedelta(days=14),
        timezone.localdate() + timedelta(days=17),
    ]
    run_the_worker()
    assert mail.outbox == []
    assert not Reminder.objects.filter(subject=f"patientstep:{patient_step.pk}", claimed_at__isnull=False).exists()


def test_a_reminder_queued_under_the_path_before_the_move_still_runs(patient):
    """Issue 25 moved the app from `portal/care` to `care/`; rows queued before then name the old
    task path, which an alias module keeps importable."""
    enrol(patient, days_from_surgery=-7, surgery_in_days=6)  # the due reminder is queued, ready now
    ready = DBTaskResult.objects.ready()
    assert ready.count() == 1
    assert ready.get().task_path == "care.reminders.send_step_reminder"
    ready.update(task_path="portal.care.tasks.send_step_reminder")  # as the worker finds a row queued before the move
    run_the_worker()
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(task_path="portal.care.tasks.send_step_reminder").status == "SUCCESSFUL"


def test_the_questionnaire_reminder_task_keeps_its_path_before_the_move():
    from django.utils.module_loading import import_string

    from outcomes.reminders import send_questionnaire_reminder

    assert import_string("portal.outcomes.tasks.send_questionnaire_reminder") is send_questionnaire_reminder
