from django import template

from estimates.services import format_money

register = template.Library()


@register.filter
def dollars(value):
    """Format an amount with the one money helper: $1,125.30."""
    if value in (None, ""):
        return ""
    return format_money(value)
