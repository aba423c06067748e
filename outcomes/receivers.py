"""Questionnaire reminders follow the pathway: queued when a patient is put on it, when the surgery
moves, and when a questionnaire is added to a pathway patients are already on. My page's
questionnaires: its part (read with the page's own reads) and what clears the cached page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from care import access, extensions
from care.models import PatientPathway
from care.my_page_cache import my_page_changed, my_pages_all_changed
from care.signals import pathway_dated
from outcomes.models import Instrument, Response, ScheduledInstrument
from outcomes.reminders import questionnaire_reminders_schedule
from outcomes.selectors import questionnaires_due_from, questionnaires_due_reads


@receiver(pathway_dated)
def pathway_dated_schedule_questionnaires(sender, pathway, **kwargs):
    questionnaire_reminders_schedule(pathway=pathway)


@receiver(post_save, sender=ScheduledInstrument)
def questionnaire_added_schedule_reminders(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        for pathway in PatientPathway.objects.filter(template_id=instance.template_id):
            questionnaire_reminders_schedule(pathway=pathway)


def my_page_questionnaires(*, request) -> extensions.MyPagePart:
    """The questionnaires due on My page (registered with care.extensions)."""
    if access.in_caregiver_context(request):
        # The patient's own answers: never a caregiver's (issue 32).
        return extensions.MyPagePart(context=lambda: {"questionnaires_due": []})
    schedule, responses = questionnaires_due_reads(request.user)
    today = timezone.localdate()

    def context() -> dict:
        return {"questionnaires_due": questionnaires_due_from(schedule=schedule, responses=responses, today=today)}

    return extensions.MyPagePart(context=context, querysets=[schedule, responses])


@receiver(post_save, sender=Response)
@receiver(post_delete, sender=Response)
def response_written_clear_my_page(sender, instance, raw=False, **kwargs):
    """A questionnaire started or sent changes "Questionnaires to answer" on My page."""
    if not raw:
        my_page_changed(instance.patient_id)


@receiver(post_save, sender=Instrument)
@receiver(post_delete, sender=Instrument)
@receiver(post_save, sender=ScheduledInstrument)
@receiver(post_delete, sender=ScheduledInstrument)
def schedule_written_clear_my_pages(sender, raw=False, **kwargs):
    """A questionnaire's name or its place on a pathway shows on the pages of everyone on it."""
    if not raw:
        my_pages_all_changed()
