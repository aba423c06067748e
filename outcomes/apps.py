from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """Patient-reported outcome questionnaires on the surgery timeline: instruments, schedules, answers, scores."""

    name = "outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        from care import extensions
        from outcomes import fhir, receivers  # receivers connects the reminder receivers
        from portal import fhir as portal_fhir

        extensions.register_my_page_part(receivers.my_page_questionnaires)
        portal_fhir.register_part("questionnaire-answers", fhir.answers_part)
