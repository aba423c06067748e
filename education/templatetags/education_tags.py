from django import template

from education.markdown import markdown_to_html

register = template.Library()


@register.filter
def markdown(text):
    """Render staff-written Markdown as sanitized HTML."""
    return markdown_to_html(text)


@register.filter
def in_language(surgeon, language):
    """A surgeon's title, specialties and biography as a reader of `language` sees them."""
    return surgeon.in_language(language)
