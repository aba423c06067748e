from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    """The patient's journey: reading plans, assignments, bookmarks, questions, care team."""

    name = "care"
    label = "care"
    verbose_name = _("Patient care")

    def ready(self):
        from care import fhir, my_page_events, search, services  # noqa: F401 (my_page_events: its receivers)
        from education import extensions
        from portal import fhir as portal_fhir

        # The article page's reader parts ("your care team asked you to read this", bookmarks).
        extensions.register_article_reader_part(services.article_reader_part)
        portal_fhir.register_part("education-records", fhir.records_part)
        # Published pathway steps in the search answers.
        extensions.register_search_source(search.pathway_step_rows)
