"""Reading grade of patient text, ignoring Markdown marks.

English: Flesch-Kincaid. Spanish: Crawford's formula, made for Spanish and scaled to school
grades; Flesch-Kincaid counts English syllables and scores plain Spanish several grades too high.
"""

import re
from decimal import Decimal

import textstat
from textstat.textstat import textstatistics

from education.markdown import markdown_to_text

TARGET_GRADE = Decimal("8")

# Its own instance: textstat.set_lang() would change the language for every caller in the process.
_spanish = textstatistics()
_spanish.set_lang("es")


def reading_grade(text: str, language: str = "en") -> Decimal | None:
    plain = markdown_to_text(text or "")
    # List items read as sentences; give them an end so they are not one long run.
    plain = re.sub(r"(?<![.!?:])\n", ".\n", plain.strip())
    if len(plain.split()) < 3:
        return None
    grade = _spanish.crawford(plain) if language == "es" else textstat.flesch_kincaid_grade(plain)
    return Decimal(str(round(max(0.0, grade), 1)))
