"""Clinic phone numbers as patients tap them: a `tel:` link that phones accept and validators pass."""

import re

from django.utils.html import format_html
from django.utils.safestring import SafeString


def tel_uri(number: str) -> str:
    """`(631) 555-0100` -> `tel:+16315550100` (RFC 3966: no spaces; a ten-digit number is a US one)."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"


def phone_link(number: str) -> SafeString:
    """The number as written, as a link that dials it; it never breaks across lines."""
    return format_html('<a class="phone" href="{}">{}</a>', tel_uri(number), number)
