"""Tags for the site layout, including pages rendered without a request, such as the error pages."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from portal.phone import phone_link

register = template.Library()


@register.simple_tag
def clinic_name() -> str:
    return settings.CLINIC_NAME


@register.simple_tag
def clinic_phone() -> str:
    return phone_link(settings.CLINIC_PHONE)


@register.simple_tag(takes_context=True)
def aria_current(context, page: str, *section: str) -> str:
    """` aria-current="page"` on the link to this very page, `="true"` on pages within its section.

    `page` is the URL name the link points to; `section` names the pages that belong under it
    (an article under "Articles"), so the reader always sees where they are."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    if match.view_name == page:
        return mark_safe(' aria-current="page"')  # noqa: S308 (a fixed string)
    if match.view_name in section:
        return mark_safe(' aria-current="true"')  # noqa: S308 (a fixed string)
    return ""
