"""Staff write Markdown; patients get sanitized HTML, and the reading grade, the quality checks and
search get its plain words (`markdown_to_text`, the one stripper).

Markdown is converted first, then everything passes through nh3 (an
allow-list HTML sanitizer), so no script, event handler, style or
javascript: link can reach a patient's page whatever an editor pastes.
"""

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h3", "h4", "blockquote", "code", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_to_html(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 (sanitized by nh3 above)


MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_LINE_MARK = re.compile(r"^[ \t]*(#{1,6}|[-*+•]|\d+[.)]|>)[ \t]+", re.MULTILINE)
MARKDOWN_EMPHASIS = re.compile(r"[*_`]+")


def markdown_to_text(markdown: str) -> str:
    """The words of `markdown` without its marks: no “###”, list marks, links' targets or asterisks.
    Lines stay lines (list items and sub-headings end sentences). `search.PlainText` is its SQL twin."""
    text = MARKDOWN_LINK.sub(r"\1", markdown or "")
    text = MARKDOWN_LINE_MARK.sub("", text)
    return MARKDOWN_EMPHASIS.sub("", text)
