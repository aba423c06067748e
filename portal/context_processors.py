from django.conf import settings

from portal.phone import phone_link


def clinic(request):
    """The clinic's name and phone numbers (as links that dial them), shown on every page."""
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": phone_link(settings.CLINIC_PHONE),
        "clinic_after_hours_phone": phone_link(settings.CLINIC_AFTER_HOURS_PHONE),
    }
