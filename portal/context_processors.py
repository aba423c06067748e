from django.conf import settings

from portal import text_size as text_sizes
from portal.choices import TextSize
from portal.phone import phone_link


def clinic(request):
    """The clinic's name and phone numbers (as links that dial them), shown on every page."""
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": phone_link(settings.CLINIC_PHONE),
        "clinic_after_hours_phone": phone_link(settings.CLINIC_AFTER_HOURS_PHONE),
    }


def text_size(request):
    """The reader's text size, for the class on <html> and the size buttons in the header."""
    return {"text_size": text_sizes.for_request(request), "text_sizes": TextSize.choices}
