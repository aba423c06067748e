from django import template

from education.markdown import markdown_to_html

register = template.Library()


@register.filter
def markdown(text):
    """Render staff-written Markdown as sanitized HTML."""
    return markdown_to_html(text)
