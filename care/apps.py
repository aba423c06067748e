from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    """The patient's journey: reading plans, assignments, bookmarks, questions, care team."""

    name = "care"
    label = "care"
    verbose_name = _("Patient care")

    def ready(self):
        # my_page_events: imported for its receivers
        from care import context_processors, fhir, my_page_events, reader_parts, search, services  # noqa: F401
        from education import extensions
        from portal import fhir as portal_fhir
        from portal import hot_page

        # The article page's reader parts ("your care team asked you to read this", bookmarks).
        extensions.register_article_reader_part(services.article_reader_part, cache_keys=(reader_parts.KEY,))
        reader_parts.connect()
        # The "You are viewing for …" banner on pages served from cached HTML.
        hot_page.register_banner(context_processors.caregiving_banner)
        portal_fhir.register_part("education-records", fhir.records_part)
        # Published pathway steps in the search answers.
        extensions.register_search_statement(search.STEP_STATEMENT)
