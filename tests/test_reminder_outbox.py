"""The reminder outbox: one row per reminder, claimed once by one UPDATE, for any purpose and any
user; the reminders sent before the outbox existed move into it and are not sent again."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from care import reminders as step_reminders
from care.services import pathway_enrol
from outcomes.models import ScheduledInstrument
from outcomes.reminders import questionnaire_reminder_send
from outcomes.selectors import window_of
from outcomes.services import schedule_standard
from portal.outbox.models import Reminder
from portal.outbox.services import reminder_claim
from tests.conftest import restore_migration_data
from tests.factories import PathwayStepFactory, PatientFactory, UserFactory
from tests.outcome_helpers import load_shipped


def claim(user, *, due_at, subject="patientstep:1", purpose=Reminder.Purpose.STEP_DUE):
    return reminder_claim(purpose=purpose, recipient_id=user.pk, subject=subject, due_at=due_at, now=timezone.now())


@pytest.mark.django_db
def test_a_reminder_is_claimed_once_however_often_it_is_tried():
    patient, at = PatientFactory(), timezone.now()
    assert claim(patient, due_at=at)
    assert not claim(patient, due_at=at)
    assert Reminder.objects.get().claimed_at is not None


@pytest.mark.django_db
def test_a_reminder_already_sent_is_not_sent_again_for_a_moved_date():
    patient, at = PatientFactory(), timezone.now()
    assert claim(patient, due_at=at)
    assert not claim(patient, due_at=at + timedelta(days=3))
    assert claim(patient, due_at=at, subject="patientstep:2")  # another step is another reminder


@pytest.mark.django_db
def test_any_user_can_be_a_recipient():
    staff = UserFactory(is_staff=True)
    assert claim(staff, due_at=timezone.now(), purpose=Reminder.Purpose.QUESTIONNAIRE_OPEN, subject="weekly")
    assert Reminder.objects.get().recipient == staff


@pytest.fixture(scope="module", autouse=True)
def _restore_after_the_migration_test(django_db_setup, django_db_blocker):
    """The transactional test empties every table when it ends; put back what migrations made."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_carries_sent_reminders_into_the_outbox(settings):
    settings.CARE_QUIET_HOURS = (0, 0)
    patient = PatientFactory()
    step = PathwayStepFactory(days_from_surgery=-7)
    template = step.template
    schedule_standard(template=template, instruments=[i for i in load_shipped() if i.code == "nrs-leg"])
    pathway = pathway_enrol(patient=patient, template=template, surgery_date=timezone.localdate() + timedelta(days=30))
    patient_step = pathway.steps.get()
    scheduled = ScheduledInstrument.objects.get(template=template, time_point="pre_op")
    Reminder.objects.all().delete()

    before = [("care", "0005_pathway_procedure_from_outcomes"), ("outcomes", "0004_pathway_procedure_to_care")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    sent = timezone.now() - timedelta(days=1)
    old.get_model("care", "PatientStep").objects.filter(pk=patient_step.pk).update(due_reminder_sent_at=sent)
    old.get_model("outcomes", "QuestionnaireReminder").objects.create(
        pathway_id=pathway.pk, scheduled_id=scheduled.pk, sent_at=sent
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    subjects = set(Reminder.objects.filter(claimed_at=sent, recipient=patient).values_list("purpose", "subject"))
    assert subjects == {
        ("step_due", f"patientstep:{patient_step.pk}"),
        ("questionnaire_open", f"pathway:{pathway.pk}:scheduledinstrument:{scheduled.pk}"),
    }
    # Neither is sent again.
    assert not step_reminders.reminder_send(patient_step_id=patient_step.pk, kind="due", due_date=patient_step.due_date)
    opens = window_of(scheduled, pathway.surgery_date)[0]
    assert not questionnaire_reminder_send(pathway_id=pathway.pk, scheduled_id=scheduled.pk, opens=opens)
