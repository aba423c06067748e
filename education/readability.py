"""Reading grade of patient text (Flesch-Kincaid), ignoring Markdown marks."""

import re
from decimal import Decimal

import textstat

_MARKDOWN = re.compile(r"[#*_>`\[\]()]|^\s*[-•]\s+", re.MULTILINE)
TARGET_GRADE = Decimal("8")


def reading_grade(text: str) -> Decimal | None:
    plain = _MARKDOWN.sub(" ", text or "")
    # List items read as sentences; give them an end so they are not one long run.
    plain = re.sub(r"(?<![.!?:])\n", ".\n", plain.strip())
    if len(plain.split()) < 3:
        return None
    grade = max(0.0, textstat.flesch_kincaid_grade(plain))
    return Decimal(str(round(grade, 1)))
