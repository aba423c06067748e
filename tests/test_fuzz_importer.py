"""Fuzzing the importer: any text or bytes give an article or an ImportFormatError that says what to fix."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from education.importer import MAX_BYTES, ImportFormatError, decode_upload, parse_article

FUZZ = settings(max_examples=300, deadline=None)

# Each refusal names the line (0 for the file as a whole) and tells the editor what to do.
FIX = re.compile(r"^line \d+: .*\b(Put|Start|Save|Write|Remove|must read|must be)\b", re.DOTALL)

# Lines of the clinic's layout, so generated pages reach deep into the parser.
LAYOUT_LINES = st.sampled_from(
    [
        "",
        "Keyhole Neck Surgery",
        "Overview",
        "How Often It Happens (Epidemiology)",
        "Possible Risks or Side Effects (Complications)",
        "Treatment Options",
        "Non-Surgical Care",
        "Out-of-Pocket Costs",
        "CPT Code 63030 – Lumbar discectomy: $225.06",
        "CPT Code 6303 – broken: $1",
        "Frequently Asked Questions (FAQ)",
        "Q. Does it hurt?",
        "A. A little, for a few days.",
        "Do you have more questions?",
        "Can I drive?",
        "When to See a Specialist?",
        "When to Go to the Emergency Room?",
        "- Fever over 101 - Wound redness",
        "• Suspected stroke: face drooping, arm weakness",
        "\\- stray backslash line\\",
        "## Symptoms",
        "### Medicare",
        "# A Markdown Title",
        "Dr. Vedant Vaksha",
        "I approve this content.",
        "Figure 1. Tubes hold the muscles apart",
    ]
)
pages = st.one_of(
    st.text(max_size=1500),
    st.lists(st.one_of(LAYOUT_LINES, st.text(max_size=60)), max_size=60).map("\n".join),
)


def attempt(function, argument):
    """(result, None) or (None, the ImportFormatError raised); any other exception fails the test."""
    try:
        return function(argument), None
    except ImportFormatError as error:
        return None, error


@FUZZ
@given(text=pages)
def test_parse_article_gives_an_article_or_says_what_to_fix(text):
    parsed, error = attempt(parse_article, text)
    if error is not None:
        assert FIX.match(str(error)), str(error)
        assert error.line >= 0
    else:
        assert parsed.title
        assert parsed.sections
        assert len(parsed.slug) <= 200
        assert all(faq.answer for faq in parsed.faqs)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), pages.map(lambda text: text.encode("utf-8"))))
def test_decode_upload_gives_text_or_says_what_to_fix(data):
    text, error = attempt(decode_upload, data)
    if error is not None:
        assert FIX.match(str(error)), str(error)
    else:
        assert isinstance(text, str)
        assert "\x00" not in text


def test_oversized_files_say_the_limit():
    text, error = attempt(decode_upload, b"a" * (MAX_BYTES + 1))
    assert text is None
    assert FIX.match(str(error))
    assert "1 MB" in str(error)
