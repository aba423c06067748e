"""Tags for the site layout, and for pages rendered without a request, such as the error pages."""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.phone import phone_link

register = template.Library()

# Rendered layout fragments, per name, language and URL prefix, kept for this process's life.
_fragments: dict[tuple[str, str, str], str] = {}


@register.tag
def layout_fragment(parser, token):
    """{% layout_fragment "name" %}…{% endlayout_fragment %}: a part of the layout that is the same
    for every reader of a language (navigation links, footer, style sheet links), rendered once
    per process and language.

    What it wraps may depend only on the language and the settings: never on the reader, the
    request or the content (no user, no CSRF token, no path). Off with DEBUG, so template edits
    show at once.
    """
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("layout_fragment takes one argument: a quoted name.") from None
    nodelist = parser.parse(("endlayout_fragment",))
    parser.delete_first_token()
    return LayoutFragmentNode(name.strip("\"'"), nodelist)


class LayoutFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = (self.name, get_language(), get_script_prefix())
        html = _fragments.get(key)
        if html is None:
            html = str(self.nodelist.render(context))
            if "csrfmiddlewaretoken" in html:
                raise template.TemplateSyntaxError(f"layout_fragment {self.name!r} holds a reader's CSRF token.")
            _fragments[key] = html
        return mark_safe(html)  # noqa: S308 (our own template's output)


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    _fragments.clear()


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
