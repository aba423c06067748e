from django.conf import settings


def clinic(request):
    """The clinic's name and phone numbers, shown on every page."""
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_after_hours_phone": settings.CLINIC_AFTER_HOURS_PHONE,
    }
