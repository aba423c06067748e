"""The database's refusal of a patient link to unpublished content, answered as a plain 409.

Forms already offer only published content (education.admin.PublishedContentChoicesMixin). If the
article is taken off the portal between the form's check and the save, or a door without that form
writes the link, the trigger (education/published_links.py) refuses the row: the person then gets a
plain page saying what to do, never a 500, and the transaction has written nothing.
"""

from django.db import IntegrityError
from django.template.response import TemplateResponse

from education.published_links import is_unpublished_link_error


class UnpublishedLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError) and is_unpublished_link_error(exception):
            return TemplateResponse(request, "education/unpublished_link.html", status=409).render()
        return None
