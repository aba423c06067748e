from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """What patients miss (issue 34): searches, section reads and "Was this helpful?" recorded as
    patient data, content insights for editors and reviewers, and their weekly summary email."""

    name = "insights"
    label = "insights"
    verbose_name = _("Content insights")

    def ready(self):
        from insights import services
        from insights.dashboard import insights_index_part
        from portal import events
        from portal.admin_site import register_index_part

        # When Redis is down, the patient page's event is written at once instead of buffered.
        events.register_direct_writer(services.events_write)
        # The admin home links to the insights for those who may see them.
        register_index_part(insights_index_part)
