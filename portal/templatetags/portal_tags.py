"""Tags for pages rendered without a request, such as the error pages."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def clinic_name() -> str:
    return settings.CLINIC_NAME


@register.simple_tag
def clinic_phone() -> str:
    return settings.CLINIC_PHONE
