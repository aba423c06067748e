"""One spelling per person: the email address as it is stored and looked up.

An address is normalised once, where it enters (a form, the login, a reset,
a command), and every lookup is an exact match on the stored form. Without
this, Python's lower() and PostgreSQL's case-insensitive match disagree about
letters such as the long s (ſ) or the dotless ı, and each spelling of one
account gets its own lockout counter and its own reset limit.

The rule: NFKC (full-width letters, the Kelvin sign K, ſ become plain
letters), then case folding, and the part after the last @ through IDNA
(a Unicode domain becomes its xn-- form). A spelling that normalises to a
stored address is that account; one that does not (the dotless ı stays ı)
is no account at all.
"""

import contextlib
import unicodedata

MAX_LENGTH = 254


def normalize_email(value: str | None) -> str:
    """The stored form of an email address (empty for empty input). Pure: no database."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().casefold()
    local, at, domain = text.rpartition("@")
    if not at:
        return text[:MAX_LENGTH]
    # Python's IDNA codec (RFC 3490) maps each label to ASCII; a label it refuses stays as typed,
    # and the email validator then rejects the address.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain.casefold()}"[:MAX_LENGTH]
